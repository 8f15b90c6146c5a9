import { parseId } from '@inventory/platform';
import type { AssetResolvers } from '../generated/resolvers.ts';

export const Asset: AssetResolvers = {
  // Catalog owns assets; approvals keeps only the key, validated so SQL can cast it.
  // Async so a malformed id fails only its own entity, not the whole `_entities` list.
  __resolveReference: async (reference) => ({ id: parseId(reference.id, 'id') }),
  pendingApprovals: (asset, _args, { loaders }) => loaders.pendingApprovalsByAssetId.load(asset.id),
};
