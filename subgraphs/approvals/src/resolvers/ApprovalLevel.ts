import type { ApprovalLevelResolvers } from '../generated/resolvers.ts';
import { toApproverRole } from './ApproverRole.ts';

export const ApprovalLevel: ApprovalLevelResolvers = {
  // Unique among levels, so a normalized client cache keeps a request's level apart from its policy's.
  id: (level) => `${level.ownerType === 'ApprovalRequest' ? 'request' : 'policy'}:${level.ownerId}:${level.level}`,
  approverRole: (level) => toApproverRole(level.approverRole),
  escalateToRole: (level) => toApproverRole(level.escalateToRole),
};
