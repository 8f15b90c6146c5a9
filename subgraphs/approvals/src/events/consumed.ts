import { OutboxConsumer, requestIdOfEvent, type Database, type Logger, type OutboxEvent, type Queryable } from '@inventory/platform';
import { catchUp, subscribe, type EventPayload, type Subscription } from '@inventory/schema/events';
import { SYSTEM_CALLER } from '../commands/audit.ts';
import { openRequest } from '../commands/open-request.ts';
import { saveAssetValue } from '../db/catalog-assets.ts';
import { movementRequestKind, movementRequestTitle, recordableMovement } from '../domain/movement-requests.ts';

/** Applies one `catalog.asset.saved` event to approvals' copy of asset values; the newest event wins. */
async function applyAssetSaved(tx: Queryable, payload: EventPayload<'catalog.asset.saved'>, event: OutboxEvent): Promise<void> {
  // Events published before the field existed say nothing of the value; the copy made by the migration stands.
  if (payload.acquisitionCost === undefined) return;
  await saveAssetValue(tx, payload.assetId, payload.acquisitionCost, event.id);
}

/**
 * Brings approvals' copy of asset `assetId`'s value up to every change
 * catalog has committed, inside `tx`: the consumer may not have applied an
 * asset created or revalued a moment ago.
 */
export function catchUpOnAsset(tx: Queryable, assetId: string): Promise<number> {
  return catchUp(tx, 'approvals', 'catalog.asset.saved', applyAssetSaved, { field: 'assetId', value: assetId });
}

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
      'catalog.asset.saved': applyAssetSaved,
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
