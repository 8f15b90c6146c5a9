import { parseId } from '@inventory/platform';
import type { PartNumberResolvers } from '../generated/resolvers.ts';

export const PartNumber: PartNumberResolvers = {
  __resolveReference: async (reference, { loaders }) => loaders.partNumberById.load(parseId(reference.id, 'id')),
  assets: (partNumber, args, { loaders }) => loaders.assetsByPartNumber.load(partNumber.id, args),
};
