import { normalizeDecimal, parseId, parseOptionalId, requireRole } from '@inventory/platform';
import type { LevelInput, PolicyInput } from '../domain/policies.ts';
import { requestAssetAction } from '../commands/asset-requests.ts';
import { cancelApprovalRequest } from '../commands/cancel.ts';
import { decideApproval } from '../commands/decide.ts';
import { delegateApprovals, revokeApprovalDelegation } from '../commands/delegations.ts';
import { createApprovalPolicy, updateApprovalPolicy } from '../commands/policies.ts';
import { fromApproverRole } from './ApproverRole.ts';
import type { ApprovalLevelInput, CreateApprovalPolicyInput, MutationResolvers, UpdateApprovalPolicyInput } from '../generated/resolvers.ts';

const levelsOf = (levels: readonly ApprovalLevelInput[]): LevelInput[] =>
  levels.map((level) => ({
    approverRole: fromApproverRole(level.approverRole),
    approvers: level.approvers ?? null,
    slaHours: level.slaHours ?? null,
    escalateToRole: fromApproverRole(level.escalateToRole),
    escalateTo: level.escalateTo ?? null,
  }));

const optionalDecimal = (value: string | null | undefined) => (value === null || value === undefined ? null : normalizeDecimal(value));

/** The policy definition both policy mutations take. */
const policyOf = (input: CreateApprovalPolicyInput | UpdateApprovalPolicyInput): PolicyInput => ({
  name: input.name,
  movementTypes: input.movementTypes ?? null,
  assetActions: input.assetActions ?? null,
  minValue: optionalDecimal(input.minValue),
  maxValue: optionalDecimal(input.maxValue),
  confidenceBelow: optionalDecimal(input.confidenceBelow),
  priority: input.priority ?? null,
  expiresAfterHours: input.expiresAfterHours ?? null,
  levels: levelsOf(input.levels),
});

export const Mutation: MutationResolvers = {
  async decideApproval(_parent, { input }, context) {
    requireRole(context.caller, 'approver', 'admin');
    const { result, userErrors } = await decideApproval(context.db, context, {
      requestId: parseId(input.requestId, 'input.requestId'),
      decision: input.decision,
      comment: input.comment?.trim() || null,
      level: input.level ?? null,
    });
    return { approvalRequest: result, userErrors };
  },

  async cancelApprovalRequest(_parent, { input }, context) {
    requireRole(context.caller, 'operator', 'admin');
    const { result, userErrors } = await cancelApprovalRequest(context.db, context, {
      requestId: parseId(input.requestId, 'input.requestId'),
      reason: input.reason?.trim() || null,
    });
    return { approvalRequest: result, userErrors };
  },

  async requestAssetAction(_parent, { input }, context) {
    requireRole(context.caller, 'operator', 'admin');
    const { result, userErrors } = await requestAssetAction(context.db, context, {
      assetId: parseId(input.assetId, 'input.assetId'),
      action: input.action,
      reason: input.reason ?? null,
      assignee: input.assignee ?? null,
      toLocationId: parseOptionalId(input.toLocationId, 'input.toLocationId'),
      note: input.note ?? null,
    });
    return { approvalRequest: result, userErrors };
  },

  async delegateApprovals(_parent, { input }, context) {
    requireRole(context.caller, 'approver', 'admin');
    const { result, userErrors } = await delegateApprovals(context.db, context, {
      delegator: input.delegator ?? null,
      delegate: input.delegate,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      reason: input.reason?.trim() || null,
    });
    return { delegation: result, userErrors };
  },

  async revokeApprovalDelegation(_parent, { input }, context) {
    requireRole(context.caller, 'approver', 'admin');
    const { result, userErrors } = await revokeApprovalDelegation(context.db, context, parseId(input.delegationId, 'input.delegationId'));
    return { delegation: result, userErrors };
  },

  async createApprovalPolicy(_parent, { input }, context) {
    requireRole(context.caller, 'admin');
    const { result, userErrors } = await createApprovalPolicy(context.db, context, { ...policyOf(input), code: input.code, subjectKind: input.subjectKind });
    return { approvalPolicy: result, userErrors };
  },

  async updateApprovalPolicy(_parent, { input }, context) {
    requireRole(context.caller, 'admin');
    const { result, userErrors } = await updateApprovalPolicy(context.db, context, {
      ...policyOf(input),
      id: parseId(input.id, 'input.id'),
      active: input.active ?? null,
    });
    return { approvalPolicy: result, userErrors };
  },
};
