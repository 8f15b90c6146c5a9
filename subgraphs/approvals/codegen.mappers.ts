/**
 * GraphQL type -> TypeScript type the approvals resolvers receive as parent
 * (paths relative to src/generated/). Read by the root codegen.ts.
 */
const connection = (row: string) => `@inventory/platform#Connection<${row}>`;

export const mappers: Record<string, string> = {
  ApprovalRequest: '../db/approval-requests.ts#ApprovalRequestRow',
  ApprovalDecision: '../db/decisions.ts#DecisionRow',
  ApprovalLevel: '../db/levels.ts#LevelRow',
  ApprovalPolicy: '../db/policies.ts#PolicyRow',
  ApprovalDelegation: '../db/delegations.ts#DelegationRow',
  Asset: '../db/references.ts#AssetRef',
  Movement: '../db/references.ts#MovementRef',
  UserError: '@inventory/platform#UserError as PlatformUserError',
  ApprovalRequestConnection: connection('ApprovalRequestRow'),
  ApprovalPolicyConnection: connection('PolicyRow'),
  ApprovalDelegationConnection: connection('DelegationRow'),
};
