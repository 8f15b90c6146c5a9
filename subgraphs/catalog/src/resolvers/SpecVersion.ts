import type { SpecVersionResolvers } from '../generated/resolvers.ts';

export const SpecVersion: SpecVersionResolvers = {
  async category(version, _args, { loaders }) {
    const category = await loaders.assetCategoryById.load(version.categoryId);
    if (!category) throw new Error(`spec version ${version.id} points at missing category ${version.categoryId}`);
    return category;
  },
};
