import { startSubgraphServer, type Database, type Logger, type RunningServer, type SubgraphServerConfig } from '@inventory/platform';
import { DEFAULT_STOCK_SETTINGS, type StockSettings } from './config.ts';
import { createContext } from './context.ts';
import { createStockConsumer } from './events/consumed.ts';
import { createSchema } from './schema.ts';
import { createReservationExpiry } from './workers/reservation-expiry.ts';

export { createStockConsumer } from './events/consumed.ts';
export { createReservationExpiry } from './workers/reservation-expiry.ts';

export interface StockDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly config: SubgraphServerConfig & { readonly stock?: StockSettings };
}

/**
 * Starts the stock subgraph (tests call this with port 0): the GraphQL
 * server, its outbox consumer (catalog copies, approval decisions) and the
 * reservation-expiry worker.
 */
export function start({ db, logger, config }: StockDeps): Promise<RunningServer> {
  const settings = config.stock ?? DEFAULT_STOCK_SETTINGS;
  return startSubgraphServer({
    name: 'stock',
    schema: createSchema(),
    db,
    logger,
    mode: config.mode,
    port: config.port,
    host: config.host,
    signingSecret: config.signingSecret,
    redisUrl: config.redisUrl,
    createContext: (request) => createContext(db, request, settings),
    background: (backgroundDb) => [
      createStockConsumer({ db: backgroundDb, logger }),
      createReservationExpiry({ db: backgroundDb, logger, intervalMs: settings.reservationExpiryIntervalMs }),
    ],
  });
}
