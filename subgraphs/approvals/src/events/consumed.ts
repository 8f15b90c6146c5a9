import { OutboxConsumer, requestIdOfEvent, type Database, type Logger } from '@inventory/platform';
import { subscribe, type Subscription } from '@inventory/schema/events';
import { SYSTEM_CALLER } from '../commands/audit.ts';
import { openRequest } from '../commands/open-request.ts';
import { movementRequestKind, movementRequestTitle, recordableMovement } from '../domain/movement-requests.ts';

/**
 * What approvals applies from the outbox, for its `OutboxConsumer`: each
 * `stock.movement.approval_requested` event opens the movement's request
 * (kind `REVIEW` when stock flagged low confidence) inside the consumer's
 * transaction, once. A repeated event, or a second event for the same
 * movement, finds the request there and changes nothing. A payload that
 * breaks the contract can never open a request: it is logged at error level
 * and skipped rather than retried forever.
 */
export function subscribeToEvents(logger: Logger, clock: () => Date = () => new Date()): Subscription {
  return subscribe(
    {
      'stock.movement.approval_requested': async (tx, payload, event) => {
        const movement = recordableMovement(payload);
        const actor = { caller: SYSTEM_CALLER, requestId: requestIdOfEvent(event) };
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
      },
    },
    (event, error) => logger.error('skipped an event that cannot open a request', { eventId: event.id, topic: event.topic, error: error.message }),
  );
}

/** The consumer that applies `subscribeToEvents`'s topics to approvals, recording each event in its inbox. */
export function createEventConsumer(db: Database, logger: Logger): OutboxConsumer {
  const { topics, handle } = subscribeToEvents(logger);
  return new OutboxConsumer({ db, schema: 'approvals', topics, handle, logger });
}
