import { parseId } from '@inventory/platform';
import type { AssetResolvers } from '../generated/resolvers.ts';

// Asset belongs to catalog; stock adds where it is and how it got there.
export const Asset: AssetResolvers = {
  __resolveReference: async (reference) => ({ id: parseId(reference.id, 'id') }),
  location: async (asset, _args, { loaders }) => (await loaders.positionByAsset.load(asset.id))?.location ?? null,
  movements: (asset, args, { loaders }) => loaders.movementsByAsset.load(asset.id, args),
};
