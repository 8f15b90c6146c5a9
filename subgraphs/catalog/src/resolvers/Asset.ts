import { parseId } from '@inventory/platform';
import type { AssetResolvers } from '../generated/resolvers.ts';

export const Asset: AssetResolvers = {
  __resolveReference: async (reference, { loaders }) => loaders.assetById.load(parseId(reference.id, 'id')),
  async partNumber(asset, _args, { loaders }) {
    const partNumber = await loaders.partNumberById.load(asset.partNumberId);
    // The foreign key makes a missing part number impossible; failing loudly beats a silent null on a non-null field.
    if (!partNumber) throw new Error(`asset ${asset.id} points at missing part number ${asset.partNumberId}`);
    return partNumber;
  },
  model: (asset, _args, { loaders }) => (asset.modelId ? loaders.assetModelById.load(asset.modelId) : null),
  assignment: (asset, _args, { loaders }) => loaders.openAssignmentByAsset.load(asset.id),
  assignments: (asset, args, { loaders }) => loaders.assignmentsByAsset.load(asset.id, args),
  timeline: (asset, args, { loaders }) => loaders.timelineByAsset.load(asset.id, args),
};
