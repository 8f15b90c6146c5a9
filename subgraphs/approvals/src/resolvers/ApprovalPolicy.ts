import type { ApprovalPolicyResolvers } from '../generated/resolvers.ts';

export const ApprovalPolicy: ApprovalPolicyResolvers = {
  levels: (policy, _args, { loaders }) => loaders.levelsByPolicyId.load(policy.id),
};
