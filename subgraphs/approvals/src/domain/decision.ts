import { userError, type Caller, type UserError } from '@inventory/platform';
import type { ApprovalRequestRow, ApprovalStatus } from '../db/approval-requests.ts';
import type { DecisionRow } from '../db/decisions.ts';
import type { LevelDefinition } from '../db/levels.ts';
import { dueAtFor, type Authority } from './levels.ts';

export type DecisionValue = 'APPROVE' | 'REJECT';

/** A final outcome, as `approvals.request.decided` carries it. */
export type Outcome = 'APPROVED' | 'REJECTED' | 'CANCELLED' | 'EXPIRED';

const FIELD_REQUEST = ['input', 'requestId'];

/** Whether a request still waits for a decision. */
export function isOpen(status: ApprovalStatus): boolean {
  return status === 'PENDING' || status === 'ESCALATED';
}

/**
 * Refusals that do not depend on who may decide the level: a closed
 * request, a level that moved on, the requester deciding their own
 * request, or a person deciding a second level of the same request.
 */
export function refuseDecision(
  request: ApprovalRequestRow,
  caller: Caller,
  decisions: readonly DecisionRow[],
  expectedLevel: number | null,
): UserError | null {
  if (!isOpen(request.status)) {
    return userError('INVALID_TRANSITION', `Request ${request.id} is already ${request.status.toLowerCase()}; it cannot be decided.`, FIELD_REQUEST);
  }
  if (expectedLevel !== null && expectedLevel !== request.currentLevel) {
    return userError(
      'CONFLICT',
      `Request ${request.id} is now at level ${request.currentLevel}, not level ${expectedLevel}; reload it and decide again.`,
      ['input', 'level'],
    );
  }
  if (request.requestedBy === caller.subject) {
    return userError('SELF_APPROVAL', `You raised request ${request.id}; someone else must decide it.`, FIELD_REQUEST);
  }
  if (decisions.some((decision) => decision.decidedBy === caller.subject || decision.onBehalfOf === caller.subject)) {
    return userError('REPEATED_APPROVER', `You already decided an earlier level of request ${request.id}; each level needs another approver.`, FIELD_REQUEST);
  }
  return null;
}

/** Refusals about the caller's right to decide the current level (see `findAuthority`). */
export function refuseAuthority(
  request: ApprovalRequestRow,
  authority: Authority | null,
  rule: LevelDefinition,
  decisions: readonly DecisionRow[],
): UserError | null {
  if (authority === null) {
    return userError('NOT_ALLOWED_AT_LEVEL', `You may not decide level ${request.currentLevel} of request ${request.id}: it is for ${describeRule(rule)}.`, FIELD_REQUEST);
  }
  if (authority.kind === 'delegated') {
    if (authority.onBehalfOf === request.requestedBy) {
      return userError('SELF_APPROVAL', `${authority.onBehalfOf} raised request ${request.id}; a delegate may not decide it for them.`, FIELD_REQUEST);
    }
    if (decisions.some((decision) => decision.decidedBy === authority.onBehalfOf || decision.onBehalfOf === authority.onBehalfOf)) {
      return userError('REPEATED_APPROVER', `${authority.onBehalfOf} already decided an earlier level of request ${request.id}.`, FIELD_REQUEST);
    }
  }
  return null;
}

/** Who may decide a level, for people. */
function describeRule(rule: LevelDefinition): string {
  const parts: string[] = [];
  if (rule.approverRole) parts.push(rule.approverRole === 'admin' ? 'admins' : 'approvers');
  if (rule.approvers.length > 0) parts.push(rule.approvers.join(', '));
  return parts.join(' or ') || 'nobody';
}

/** The request's state after a decision. */
export interface NextState {
  readonly status: ApprovalStatus;
  readonly currentLevel: number;
  readonly dueAt: Date | null;
  readonly escalatedAt: Date | null;
  readonly decidedAt: Date | null;
  /** Set when the decision closed the request. */
  readonly outcome: Outcome | null;
}

/**
 * What a decision does: a rejection rejects the request; an approval at the
 * last level approves it; an approval below it moves the request to the
 * next level (pending again, due under that level's SLA).
 */
export function nextState(request: ApprovalRequestRow, decision: DecisionValue, nextRule: LevelDefinition | null, now: Date): NextState {
  if (decision === 'REJECT') return closed(request, 'REJECTED', now);
  if (request.currentLevel >= request.requiredLevels || nextRule === null) return closed(request, 'APPROVED', now);
  return {
    status: 'PENDING',
    currentLevel: request.currentLevel + 1,
    dueAt: dueAtFor(nextRule, now),
    escalatedAt: null,
    decidedAt: null,
    outcome: null,
  };
}

/** The state of a request closed with `outcome` at `now` (level and due time kept for the record). */
export function closed(request: ApprovalRequestRow, outcome: Outcome, now: Date): NextState {
  return { status: outcome, currentLevel: request.currentLevel, dueAt: request.dueAt, escalatedAt: request.escalatedAt, decidedAt: now, outcome };
}
