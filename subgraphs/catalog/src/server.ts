import { Database, startSubgraphServer, type Logger, type RunningServer, type SubgraphConfig } from '@inventory/platform';
import { createConsumers } from './consumers.ts';
import { createContext } from './context.ts';
import { createSchema } from './schema.ts';

export interface CatalogDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly config: Pick<SubgraphConfig, 'mode' | 'port' | 'host' | 'signingSecret'>;
}

/**
 * Starts the catalog subgraph and its outbox consumers; tests call this with
 * port 0. The consumers get a small pool of their own, so background work
 * never takes connections from requests, nor shows up in a request's
 * statement count.
 */
export async function start({ db, logger, config }: CatalogDeps): Promise<RunningServer> {
  const consumerDb = new Database({ connectionString: db.connectionString, applicationName: 'catalog-outbox', maxConnections: 2 });
  const consumers = createConsumers(consumerDb, logger);
  const server = await startSubgraphServer({
    name: 'catalog',
    schema: createSchema(),
    db,
    logger,
    mode: config.mode,
    port: config.port,
    host: config.host,
    signingSecret: config.signingSecret,
    createContext: (request) => createContext(db, request),
  });
  const stopConsumers = async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await consumerDb.close();
  };
  try {
    for (const consumer of consumers) await consumer.start(db.connectionString);
  } catch (error) {
    await stopConsumers();
    await server.stop();
    throw error;
  }
  return {
    ...server,
    async stop() {
      await stopConsumers();
      await server.stop();
    },
  };
}
