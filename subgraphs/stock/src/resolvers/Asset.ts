import { GraphQLError } from 'graphql';
import { parseId } from '@inventory/platform';
import type { AssetResolvers } from '../generated/resolvers.ts';

// Asset belongs to catalog; stock adds where it is and how it got there. Its
// key carries the part number, so the asset's part number balances come from
// the same call.
export const Asset: AssetResolvers = {
  __resolveReference: async (reference) => ({
    id: parseId(reference.id, 'id'),
    partNumberId: reference.partNumber?.id ? parseId(reference.partNumber.id, 'partNumber.id') : null,
  }),
  async partNumber(asset, _args, { loaders }) {
    const id = asset.partNumberId ?? (await loaders.partNumberOfAsset.load(asset.id));
    if (id === null) throw new GraphQLError(`Asset ${asset.id} is not known to stock.`, { extensions: { code: 'NOT_FOUND' } });
    return { id };
  },
  location: async (asset, _args, { loaders }) => (await loaders.positionByAsset.load(asset.id))?.location ?? null,
  movements: (asset, args, { loaders }) => loaders.movementsByAsset.load(asset.id, args),
};
