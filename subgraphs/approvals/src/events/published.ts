import type { ApprovalRequestRow } from '../db/approval-requests.ts';
import type { Outcome } from '../domain/decision.ts';

export const DECIDED_TOPIC = 'approvals.request.decided';
export const MOVEMENT_REQUESTED_TOPIC = 'stock.movement.approval_requested';

/** The payload of `approvals.request.decided` (schema/events.md) for a request closed with `outcome`. */
export function decidedEventPayload(request: ApprovalRequestRow, outcome: Outcome, decidedBy: string, comment: string | null) {
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
