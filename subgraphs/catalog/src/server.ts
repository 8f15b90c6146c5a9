import { startSubgraphServer, type Database, type Logger, type RunningServer, type SubgraphServerConfig } from '@inventory/platform';
import { createConsumers } from './events/consumed.ts';
import { createContext } from './context.ts';
import { createSchema } from './schema.ts';

export interface CatalogDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly config: SubgraphServerConfig;
}

/** Starts the catalog subgraph and its outbox consumers; tests call this with port 0. */
export function start({ db, logger, config }: CatalogDeps): Promise<RunningServer> {
  return startSubgraphServer({
    name: 'catalog',
    schema: createSchema(),
    db,
    logger,
    mode: config.mode,
    port: config.port,
    host: config.host,
    signingSecret: config.signingSecret,
    redisUrl: config.redisUrl,
    createContext: (request) => createContext(db, request),
    background: (backgroundDb) => createConsumers(backgroundDb, logger),
  });
}
