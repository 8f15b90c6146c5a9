import { Database, startSubgraphServer, type Logger, type RunningServer, type SubgraphConfig } from '@inventory/platform';
import { DEFAULT_STOCK_SETTINGS, type StockSettings } from './config.ts';
import { createContext } from './context.ts';
import { createStockConsumers } from './events/consumers.ts';
import { createSchema } from './schema.ts';
import { ReservationExpiryWorker } from './workers/reservation-expiry.ts';

export { createStockConsumers } from './events/consumers.ts';
export { ReservationExpiryWorker } from './workers/reservation-expiry.ts';

export interface StockDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly config: Pick<SubgraphConfig, 'mode' | 'port' | 'host' | 'signingSecret'> & { readonly stock?: StockSettings };
}

/**
 * Starts the stock subgraph (tests call this with port 0): the GraphQL
 * server, its outbox consumers (catalog copies, approval decisions) and the
 * reservation-expiry worker, the last two over a pool of their own.
 * `stop()` stops all three.
 */
export async function start({ db, logger, config }: StockDeps): Promise<RunningServer> {
  const settings = config.stock ?? DEFAULT_STOCK_SETTINGS;
  // Background work gets a small pool of its own, so it never takes a
  // connection a request is waiting for, and a request's statements are
  // only its own (metrics, statement counts).
  const background = new Database({ connectionString: db.connectionString, applicationName: 'stock-background', maxConnections: 2 });
  const consumers = createStockConsumers({ db: background, logger });
  const expiry = new ReservationExpiryWorker({ db: background, logger, intervalMs: settings.reservationExpiryIntervalMs });
  const server = await startSubgraphServer({
    name: 'stock',
    schema: createSchema(),
    db,
    logger,
    mode: config.mode,
    port: config.port,
    host: config.host,
    signingSecret: config.signingSecret,
    createContext: (request) => createContext(db, request, settings),
  });
  try {
    for (const consumer of consumers) await consumer.start(db.connectionString);
    expiry.start();
  } catch (error) {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await server.stop();
    await background.close();
    throw error;
  }
  return {
    url: server.url,
    port: server.port,
    async stop() {
      await expiry.stop();
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await server.stop();
      await background.close();
    },
  };
}
