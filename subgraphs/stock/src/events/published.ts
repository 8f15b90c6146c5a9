import { fromMicros, toMicros } from '@inventory/platform';
import type { MovementRow } from '../db/movements.ts';
import { movementValue } from '../domain/movement-rules.ts';

/** The `stock.movement.approval_requested` payload of schema/events.md. */
export function approvalRequestedPayload(movement: MovementRow, requestedBy: string) {
  const decimal = (value: string | null) => (value === null ? null : fromMicros(toMicros(value)));
  return {
    movementId: movement.id,
    type: movement.type,
    partNumberId: movement.partNumberId,
    assetId: movement.assetId,
    quantity: decimal(movement.quantity),
    fromLocationId: movement.fromLocationId,
    toLocationId: movement.toLocationId,
    unitCost: decimal(movement.unitCost),
    value: movementValue(movement),
    confidenceScore: decimal(movement.confidenceScore),
    reason: movement.reason,
    documentRef: movement.documentRef,
    triggers: movement.approvalTriggers,
    requestedBy,
  };
}
