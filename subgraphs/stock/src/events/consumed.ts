import { OutboxConsumer, requestIdOfEvent, type Database, type Logger } from '@inventory/platform';
import { subscribe } from '@inventory/schema/events';
import { applyApprovalDecided } from './approval-decisions.ts';
import { writeOffIfFinal } from './asset-write-offs.ts';
import { applyAssetValue, applyPolicySaved } from './asset-policies.ts';
import { applyAssetSaved, applyPartNumberSaved } from './catalog-copies.ts';

/**
 * The outbox consumer of the stock subgraph: one, over every topic it reads
 * (catalog's part numbers and assets, approvals' policies and decisions;
 * an asset reported scrapped, lost or disposed is written off), so events
 * apply in the order they were published. Each payload is parsed with its
 * topic's contract; one that breaks it can never be applied, so it is
 * logged at error level and skipped. `server.ts` starts the consumer;
 * tests build their own and call `drain()` to apply waiting events now.
 */
export function createStockConsumer({ db, logger, pollIntervalMs }: { db: Database; logger: Logger; pollIntervalMs?: number }): OutboxConsumer {
  const { topics, handle } = subscribe(
    {
      'catalog.part_number.saved': applyPartNumberSaved,
      'catalog.asset.saved': async (tx, asset, event) => {
        await applyAssetSaved(tx, asset);
        await applyAssetValue(tx, asset, event);
        await writeOffIfFinal(tx, asset.assetId, { requestId: requestIdOfEvent(event), logger });
      },
      'approvals.policy.saved': applyPolicySaved,
      'approvals.request.decided': (tx, decided, event) => applyApprovalDecided(tx, decided, { requestId: requestIdOfEvent(event), logger }),
    },
    (event, error) => logger.error('skipped an event whose payload breaks its contract', { eventId: event.id, topic: event.topic, error: error.message }),
  );
  return new OutboxConsumer({ db, schema: 'stock', topics, handle, logger, ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }) });
}
