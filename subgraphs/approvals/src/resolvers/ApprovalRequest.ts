import { parseId } from '@inventory/platform';
import type { ApprovalRequestResolvers } from '../generated/resolvers.ts';

export const ApprovalRequest: ApprovalRequestResolvers = {
  // A malformed representation id must not fail the batch's SQL cast; async so it fails only its own entity.
  __resolveReference: async (reference, { loaders }) => loaders.approvalRequestById.load(parseId(reference.id, 'id')),
  asset: (request) => (request.assetId === null ? null : { id: request.assetId }),
  movement: (request) => (request.movementId === null ? null : { id: request.movementId }),
  decisions: (request, _args, { loaders }) => loaders.decisionsByRequestId.load(request.id),
};
