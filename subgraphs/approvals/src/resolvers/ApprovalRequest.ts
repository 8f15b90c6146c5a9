import { parseId } from '@inventory/platform';
import { isOpen } from '../domain/decision.ts';
import { rulesOf } from '../domain/levels.ts';
import type { ApprovalRequestResolvers } from '../generated/resolvers.ts';

export const ApprovalRequest: ApprovalRequestResolvers = {
  // A malformed representation id must not fail the batch's SQL cast; async so it fails only its own entity.
  __resolveReference: async (reference, { loaders }) => loaders.approvalRequestById.load(parseId(reference.id, 'id')),
  asset: (request) => (request.assetId === null ? null : { id: request.assetId }),
  movement: (request) => (request.movementId === null ? null : { id: request.movementId }),
  policy: (request, _args, { loaders }) => (request.policyId === null ? null : loaders.policyById.load(request.policyId)),
  levels: async (request, _args, { loaders }) => rulesOf(request.id, await loaders.levelsByRequestId.load(request.id), request.requiredLevels),
  overdue: (request) => isOpen(request.status) && request.dueAt !== null && request.dueAt.getTime() < Date.now(),
  decisions: (request, _args, { loaders }) => loaders.decisionsByRequestId.load(request.id),
};
