import { fromMicros, multiplyDecimals, toMicros, type Actor, type Queryable } from '@inventory/platform';
import { publish, type EventPayload } from '@inventory/schema/events';
import type { MovementRow } from '../db/movements.ts';
import type { ApprovalTrigger } from '../domain/movement-rules.ts';

/** A decimal column in its shortest exact form (`"3"` for `3.000000`), as the event contracts carry decimals. */
const decimal = (value: string | null) => (value === null ? null : fromMicros(toMicros(value)));

/**
 * The `stock.movement.approval_requested` payload (schema/events.md) for a
 * movement stored PENDING_APPROVAL because of `triggers`. Its value is the
 * server's valuation (valuation.ts `valueForApproval`), never one a client
 * sent; without one given, quantity × the unit cost the movement carries.
 */
function approvalRequestedPayload(
  movement: MovementRow,
  triggers: readonly ApprovalTrigger[],
  requestedBy: string,
  value: string | null,
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
    value: value === null ? null : decimal(value),
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
export function publishApprovalRequested(
  tx: Queryable,
  movement: MovementRow,
  triggers: readonly ApprovalTrigger[],
  actor: Actor,
  value: string | null = movement.unitCost === null ? null : multiplyDecimals(movement.quantity, movement.unitCost),
): Promise<string> {
  return publish(tx, 'stock.movement.approval_requested', approvalRequestedPayload(movement, triggers, actor.caller.subject, value), {
    producer: 'stock',
    requestId: actor.requestId,
  });
}

// `stock.part_number.holding_changed` is published by the database, not from
// here: a trigger on the part's stock record (migration 0071) writes it in
// the transaction where the part's total on hand crosses zero, so every
// path that changes a balance publishes it.
