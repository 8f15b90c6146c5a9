import type { AssetResolvers } from '../generated/resolvers.ts';

export const Asset: AssetResolvers = {
  configurationItem: (asset, _args, { loaders }) => loaders.configurationItemByAssetId.load(asset.id),
};
