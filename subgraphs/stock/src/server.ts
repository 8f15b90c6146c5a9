import { EventCatchUp, startSubgraphServer, type Database, type Logger, type OutboxConsumer, type RunningServer, type SubgraphServerConfig } from '@inventory/platform';
import { catalogSync } from './commands/catalog-references.ts';
import { DEFAULT_STOCK_SETTINGS, type StockSettings } from './config.ts';
import { createContext } from './context.ts';
import { createStockConsumer } from './events/consumed.ts';
import { createSchema } from './schema.ts';
import { createReservationExpiry } from './workers/reservation-expiry.ts';

export { createStockConsumer } from './events/consumed.ts';
export { createReservationExpiry } from './workers/reservation-expiry.ts';

export interface StockDeps {
  readonly db: Database;
  /** Where the analyst reports read (low stock, stock value, the movement list): a streaming replica, or `db` when absent. */
  readonly reportDb?: Database;
  readonly logger: Logger;
  readonly config: SubgraphServerConfig & { readonly stock?: StockSettings };
}

/**
 * Starts the stock subgraph (tests call this with port 0): the GraphQL
 * server, its outbox consumer (catalog copies, approval decisions) and the
 * reservation-expiry worker. A write naming a part or asset stock has not
 * heard of yet has that consumer apply catalog's events in flight first.
 */
export function start({ db, reportDb = db, logger, config }: StockDeps): Promise<RunningServer> {
  const settings = config.stock ?? DEFAULT_STOCK_SETTINGS;
  let consumer: OutboxConsumer | null = null;
  const sync = catalogSync(new EventCatchUp({ schema: 'stock', consumer: () => consumer, timeoutMs: settings.catalogWaitMs }));
  return startSubgraphServer({
    name: 'stock',
    schema: createSchema(),
    db,
    reportDb,
    logger,
    mode: config.mode,
    port: config.port,
    host: config.host,
    signingSecret: config.signingSecret,
    redisUrl: config.redisUrl,
    createContext: (request) => createContext({ db, reportDb }, request, settings, sync),
    background: (backgroundDb) => {
      consumer = createStockConsumer({ db: backgroundDb, logger });
      return [consumer, createReservationExpiry({ db: backgroundDb, logger, intervalMs: settings.reservationExpiryIntervalMs })];
    },
  });
}
