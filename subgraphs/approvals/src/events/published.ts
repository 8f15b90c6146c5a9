import { normalizeDecimal, type Actor, type Queryable } from '@inventory/platform';
import { publish, type EventPayload } from '@inventory/schema/events';
import type { ApprovalRequestRow } from '../db/approval-requests.ts';
import type { PolicyRow } from '../db/policies.ts';
import type { Outcome } from '../domain/decision.ts';

/** The payload of `approvals.request.decided` (schema/events.md) for a request closed with `outcome`. */
function decidedEventPayload(request: ApprovalRequestRow, outcome: Outcome, decidedBy: string, comment: string | null): EventPayload<'approvals.request.decided'> {
  return {
    requestId: request.id,
    // Reviews are decisions about a movement, like approvals; stock treats both alike.
    kind: request.kind === 'ASSET_ACTION' ? 'ASSET_ACTION' : 'STOCK_MOVEMENT',
    reviewed: request.kind === 'REVIEW',
    outcome,
    movementId: request.movementId,
    assetId: request.assetId,
    action: request.action,
    actionInput: request.action === null ? null : (request.actionInput ?? {}),
    decidedBy,
    comment,
  };
}

/**
 * Publishes `approvals.request.decided` for `request`, closed by `actor` with
 * `outcome`, in the transaction that closed it: the event exists if and only
 * if the outcome committed. Call it once per request, when it closes.
 */
export function publishRequestDecided(tx: Queryable, actor: Actor, request: ApprovalRequestRow, outcome: Outcome, comment: string | null): Promise<string> {
  return publish(tx, 'approvals.request.decided', decidedEventPayload(request, outcome, actor.caller.subject, comment), {
    producer: 'approvals',
    requestId: actor.requestId,
  });
}

/**
 * Publishes `approvals.policy.saved` with `policy`'s current conditions, in
 * the transaction that saved it, so catalog binds direct asset actions to
 * the policies as they now stand.
 */
export function publishPolicySaved(tx: Queryable, actor: Actor, policy: PolicyRow): Promise<string> {
  return publish(
    tx,
    'approvals.policy.saved',
    {
      policyId: policy.id,
      code: policy.code,
      subjectKind: policy.subjectKind,
      active: policy.active,
      assetActions: policy.assetActions === null ? null : [...policy.assetActions],
      minValue: policy.minValue === null ? null : normalizeDecimal(policy.minValue),
      maxValue: policy.maxValue === null ? null : normalizeDecimal(policy.maxValue),
      priority: policy.priority,
    },
    { producer: 'approvals', requestId: actor.requestId },
  );
}
