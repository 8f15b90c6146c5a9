import { startSubgraphServer, type Database, type Logger, type RunningServer, type SubgraphServerConfig } from '@inventory/platform';
import { createContext } from './context.ts';
import { createSchema } from './schema.ts';

export interface CmdbDeps {
  readonly db: Database;
  /** Where impact analyses read: a streaming replica, or `db` when absent. */
  readonly reportDb?: Database;
  readonly logger: Logger;
  readonly config: SubgraphServerConfig;
}

/** Starts the CMDB subgraph; tests call this with port 0. */
export function start({ db, reportDb = db, logger, config }: CmdbDeps): Promise<RunningServer> {
  return startSubgraphServer({
    name: 'cmdb',
    schema: createSchema(),
    db,
    reportDb,
    logger,
    mode: config.mode,
    port: config.port,
    host: config.host,
    signingSecret: config.signingSecret,
    redisUrl: config.redisUrl,
    createContext: (request) => createContext({ db, reportDb }, request),
  });
}
