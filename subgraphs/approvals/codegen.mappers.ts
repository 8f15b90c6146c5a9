import { connection, USER_ERROR_MAPPER } from '@inventory/platform/codegen-mappers';

/**
 * GraphQL type -> TypeScript type the approvals resolvers receive as parent
 * (paths relative to src/generated/). Read by the root codegen.ts.
 */
export const mappers: Record<string, string> = {
  ApprovalRequest: '../db/approval-requests.ts#ApprovalRequestRow',
  ApprovalDecision: '../db/decisions.ts#DecisionRow',
  ApprovalLevel: '../db/levels.ts#LevelRow',
  ApprovalPolicy: '../db/policies.ts#PolicyRow',
  ApprovalDelegation: '../db/delegations.ts#DelegationRow',
  Asset: '../db/references.ts#AssetRef',
  Movement: '../db/references.ts#MovementRef',
  UserError: USER_ERROR_MAPPER,
  ApprovalRequestConnection: connection('ApprovalRequestRow'),
  ApprovalPolicyConnection: connection('PolicyRow'),
  ApprovalDelegationConnection: connection('DelegationRow'),
};
