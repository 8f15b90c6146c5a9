import { refuse, Refusal, runCommand, type Actor, type CommandResult, type TransactionalDb } from '@inventory/platform';
import { lockApprovalRequest, transitionApprovalRequest, type ApprovalRequestRow } from '../db/approval-requests.ts';
import { insertDecision, listDecisionsOfRequests } from '../db/decisions.ts';
import { findDelegatedAuthorities } from '../db/delegations.ts';
import { listLevelsOfRequests } from '../db/levels.ts';
import { publishRequestDecided } from '../events/published.ts';
import { nextState, refuseAuthority, refuseDecision, type DecisionValue } from '../domain/decision.ts';
import { MAX_DELEGATION_DEPTH, findAuthority, ruleAt } from '../domain/levels.ts';
import { audit } from './audit.ts';

export interface DecideInput {
  readonly requestId: string;
  readonly decision: DecisionValue;
  readonly comment: string | null;
  readonly level: number | null;
}

/**
 * Decides a request's current level in one transaction. The request row is
 * locked first, so concurrent decisions (and the deadline worker) take
 * turns and each sees the outcome of the one before: exactly one of them
 * closes the request, and only that one publishes `approvals.request.decided`,
 * in the same transaction as the outcome.
 */
export function decideApproval(db: TransactionalDb, actor: Actor, input: DecideInput, now = new Date()): Promise<CommandResult<ApprovalRequestRow>> {
  return runCommand(db, async (tx) => {
    const request = await lockApprovalRequest(tx, input.requestId);
    if (request === null) refuse('NOT_FOUND', `No approval request has id ${input.requestId}.`, ['input', 'requestId']);
    const decisions = await listDecisionsOfRequests(tx, [request.id]);
    const early = refuseDecision(request, actor.caller, decisions, input.level);
    if (early) throw new Refusal([early]);

    const levels = await listLevelsOfRequests(tx, [request.id]);
    const rule = ruleAt(levels, request.currentLevel);
    const delegations = await findDelegatedAuthorities(tx, actor.caller.subject, now, MAX_DELEGATION_DEPTH);
    const authority = findAuthority(rule, actor.caller, request.status === 'ESCALATED', delegations);
    const denied = refuseAuthority(request, authority, rule, decisions);
    if (denied) throw new Refusal([denied]);
    const delegated = authority?.kind === 'delegated' ? authority : null;

    const decision = await insertDecision(tx, {
      requestId: request.id,
      level: request.currentLevel,
      decision: input.decision,
      comment: input.comment,
      decidedBy: actor.caller.subject,
      onBehalfOf: delegated?.onBehalfOf ?? null,
      delegationId: delegated?.delegationId ?? null,
    });
    const nextRule = request.currentLevel < request.requiredLevels ? ruleAt(levels, request.currentLevel + 1) : null;
    const next = nextState(request, input.decision, nextRule, now);
    const updated = await transitionApprovalRequest(tx, {
      id: request.id,
      fromStatus: request.status,
      fromLevel: request.currentLevel,
      ...next,
    });
    // The row lock makes this unreachable; if it ever is, roll back rather than record a decision twice.
    if (updated === null) throw new Error(`approval request ${request.id} changed under its row lock`);

    const action = next.outcome === null ? 'approval_request.level_approved' : `approval_request.${next.outcome.toLowerCase()}`;
    await audit(tx, actor, action, 'ApprovalRequest', request.id, request, {
      ...updated,
      decision: { ...decision, delegationChain: delegated?.chain ?? null },
    });
    if (next.outcome !== null) {
      await publishRequestDecided(tx, actor, updated, next.outcome, input.comment);
    }
    return updated;
  });
}
