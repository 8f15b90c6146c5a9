import { OutboxConsumer, type Database, type Logger } from '@inventory/platform';
import { applyApprovalDecided } from './approval-decisions.ts';
import { applyAssetSaved, applyPartNumberSaved } from './catalog-copies.ts';

/** The topics stock consumes (schema/events.md). */
export const STOCK_TOPICS = ['catalog.part_number.saved', 'catalog.asset.saved', 'approvals.request.decided'] as const;

/**
 * The outbox consumers of the stock subgraph (one, over every topic it
 * reads, so events apply in the order they were published). `server.ts`
 * starts them; tests build their own and call `drain()` to apply waiting
 * events deterministically.
 */
export function createStockConsumers({ db, logger, pollIntervalMs }: { db: Database; logger: Logger; pollIntervalMs?: number }): OutboxConsumer[] {
  return [
    new OutboxConsumer({
      db,
      schema: 'stock',
      topics: STOCK_TOPICS,
      logger,
      ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
      async handle(tx, event) {
        const payload = (event.payload ?? {}) as Record<string, unknown>;
        if (event.topic === 'catalog.part_number.saved') return applyPartNumberSaved(tx, payload);
        if (event.topic === 'catalog.asset.saved') return applyAssetSaved(tx, payload);
        if (event.topic === 'approvals.request.decided') {
          return applyApprovalDecided(tx, payload, { eventId: event.id, requestId: event.requestId, logger });
        }
      },
    }),
  ];
}
