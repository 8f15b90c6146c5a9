import type { Logger, OutboxEvent, Queryable } from '@inventory/platform';
import { parseMovementApprovalRequested, movementRequestKind, movementRequestTitle } from '../domain/movement-requests.ts';
import { SYSTEM_CALLER } from '../commands/audit.ts';
import { openRequest } from '../commands/open-request.ts';

/**
 * Applies one `stock.movement.approval_requested` event inside the
 * consumer's transaction: opens the movement's request (kind `REVIEW` when
 * stock flagged low confidence), once. A repeated event, or a second event
 * for the same movement, finds the request there and changes nothing.
 */
export function createMovementRequestHandler(logger: Logger, clock: () => Date = () => new Date()) {
  return async function handleMovementApprovalRequested(tx: Queryable, event: OutboxEvent): Promise<void> {
    const parsed = parseMovementApprovalRequested(event.payload);
    if (!parsed.ok) {
      logger.error('skipped a stock.movement.approval_requested event that cannot open a request', { eventId: event.id, reason: parsed.reason });
      return;
    }
    const movement = parsed.event;
    const actor = { caller: SYSTEM_CALLER, requestId: event.requestId ?? `outbox-event-${event.id}` };
    await openRequest(
      tx,
      actor,
      {
        subjectKind: 'STOCK_MOVEMENT',
        movementType: movement.type,
        action: null,
        value: movement.value,
        confidenceScore: movement.confidenceScore,
      },
      {
        kind: movementRequestKind(movement),
        assetId: movement.assetId,
        movementId: movement.movementId,
        action: null,
        actionInput: null,
        title: movementRequestTitle(movement),
        reason: movement.reason,
        value: movement.value,
        confidenceScore: movement.confidenceScore,
        triggers: movement.triggers,
        requestedBy: movement.requestedBy,
      },
      clock(),
    );
  };
}
