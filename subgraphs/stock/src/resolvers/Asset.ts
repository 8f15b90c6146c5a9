import type { AssetResolvers } from '../generated/resolvers.ts';

// Asset belongs to catalog; stock adds where it is and how it got there.
export const Asset: AssetResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  async location(asset, _args, { loaders }) {
    const locationId = await loaders.locationIdByAsset.load(asset.id);
    return locationId ? loaders.locationById.load(locationId) : null;
  },
  movements: (asset, args, { loaders }) => loaders.movementsByAsset.load(asset.id, args),
};
