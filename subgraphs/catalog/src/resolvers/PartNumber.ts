import { parseId } from '@inventory/platform';
import type { PartNumberResolvers } from '../generated/resolvers.ts';

export const PartNumber: PartNumberResolvers = {
  __resolveReference: async (reference, { loaders }) => loaders.partNumberById.load(parseId(reference.id, 'id')),
  async offers(partNumber, { includeInactive }, { loaders }) {
    const offers = await loaders.offersByPartNumber.load(partNumber.id);
    return includeInactive ? offers : offers.filter((offer) => offer.active);
  },
  assets: (partNumber, args, { loaders }) => loaders.assetsByPartNumber.load(partNumber.id, args),
  history: (partNumber, args, { loaders }) => loaders.historyByPartNumber.load(partNumber.id, args),
};
