import { fromMicros, toMicros, type Actor, type Queryable } from '@inventory/platform';
import { publish, type EventPayload } from '@inventory/schema/events';
import type { MovementRow } from '../db/movements.ts';
import { movementValue, type ApprovalTrigger } from '../domain/movement-rules.ts';

/** A decimal column in its shortest exact form (`"3"` for `3.000000`), as the event contracts carry decimals. */
const decimal = (value: string | null) => (value === null ? null : fromMicros(toMicros(value)));

/**
 * The `stock.movement.approval_requested` payload (schema/events.md) for a
 * movement stored PENDING_APPROVAL because of `triggers`. Its value is the
 * server's (quantity × unit cost), never one a client sent.
 */
function approvalRequestedPayload(
  movement: MovementRow,
  triggers: readonly ApprovalTrigger[],
  requestedBy: string,
): EventPayload<'stock.movement.approval_requested'> {
  return {
    movementId: movement.id,
    type: movement.type,
    partNumberId: movement.partNumberId,
    assetId: movement.assetId,
    quantity: fromMicros(toMicros(movement.quantity)),
    fromLocationId: movement.fromLocationId,
    toLocationId: movement.toLocationId,
    unitCost: decimal(movement.unitCost),
    value: movementValue(movement),
    confidenceScore: decimal(movement.confidenceScore),
    reason: movement.reason,
    documentRef: movement.documentRef,
    triggers: [...triggers],
    requestedBy,
  };
}

/**
 * Asks approvals to decide a movement stored PENDING_APPROVAL, through the
 * outbox in the caller's transaction: the request exists exactly when the
 * movement does. Throws, rolling the movement back, when the payload breaks
 * the topic's contract.
 */
export function publishApprovalRequested(tx: Queryable, movement: MovementRow, triggers: readonly ApprovalTrigger[], actor: Actor): Promise<string> {
  return publish(tx, 'stock.movement.approval_requested', approvalRequestedPayload(movement, triggers, actor.caller.subject), {
    producer: 'stock',
    requestId: actor.requestId,
  });
}
