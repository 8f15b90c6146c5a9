import type { ApprovalLevelResolvers } from '../generated/resolvers.ts';
import { toApproverRole } from './ApproverRole.ts';

export const ApprovalLevel: ApprovalLevelResolvers = {
  approverRole: (level) => toApproverRole(level.approverRole),
  escalateToRole: (level) => toApproverRole(level.escalateToRole),
};
