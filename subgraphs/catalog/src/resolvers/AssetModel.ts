import type { AssetModelResolvers } from '../generated/resolvers.ts';

export const AssetModel: AssetModelResolvers = {
  async category(model, _args, { loaders }) {
    const category = await loaders.assetCategoryById.load(model.categoryId);
    if (!category) throw new Error(`asset model ${model.id} points at missing category ${model.categoryId}`);
    return category;
  },
  partNumber: (model, _args, { loaders }) => (model.partNumberId ? loaders.partNumberById.load(model.partNumberId) : null),
  specVersion: (model, _args, { loaders }) => (model.specVersionId ? loaders.specVersionById.load(model.specVersionId) : null),
};
