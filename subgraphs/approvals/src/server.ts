import { startSubgraphServer, type Database, type Logger, type RunningServer, type SubgraphConfig } from '@inventory/platform';
import { createContext } from './context.ts';
import { createSchema } from './schema.ts';

export interface ApprovalsDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly config: Pick<SubgraphConfig, 'mode' | 'port' | 'host' | 'signingSecret'>;
}

/** Starts the approvals subgraph; tests call this with port 0. */
export function start({ db, logger, config }: ApprovalsDeps): Promise<RunningServer> {
  return startSubgraphServer({
    name: 'approvals',
    schema: createSchema(),
    db,
    logger,
    mode: config.mode,
    port: config.port,
    host: config.host,
    signingSecret: config.signingSecret,
    createContext: (request) => createContext(db, request),
  });
}
