import type { AssetCategoryResolvers } from '../generated/resolvers.ts';

export const AssetCategory: AssetCategoryResolvers = {
  async activeSpecVersion(category, _args, { loaders }) {
    const versions = await loaders.specVersionsByCategory.load(category.id);
    return versions.find((version) => version.status === 'ACTIVE') ?? null;
  },
  specVersions: (category, _args, { loaders }) => loaders.specVersionsByCategory.load(category.id),
};
