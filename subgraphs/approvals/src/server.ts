import { startSubgraphServer, type OutboxConsumer, type Database, type Logger, type RunningServer, type SubgraphServerConfig } from '@inventory/platform';
import { createContext } from './context.ts';
import { createSchema } from './schema.ts';
import { createDeadlineWorker, runDeadlines, type DeadlineRun } from './workers/deadlines.ts';
import { createEventConsumer } from './events/consumed.ts';

export interface ApprovalsDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly config: SubgraphServerConfig;
}

/** The running subgraph, with handles on its background work for tests. */
export interface ApprovalsServer extends RunningServer {
  /** Applies every waiting `stock.movement.approval_requested` event now; resolves with how many this call applied. */
  drainEvents(): Promise<number>;
  /**
   * Runs one escalation and expiry pass as of `now`, beside the worker's own
   * passes: safe, as passes in several processes are (each batch locks its
   * rows with `SKIP LOCKED`).
   */
  runDeadlines(now?: Date): Promise<DeadlineRun>;
}

/**
 * Starts the approvals subgraph (tests call this with port 0) and its
 * background work: the consumer of stock's approval requests and the
 * escalation/expiry worker.
 */
export async function start({ db, logger, config }: ApprovalsDeps): Promise<ApprovalsServer> {
  let consumer: OutboxConsumer | undefined;
  let backgroundDb: Database | undefined;
  const server = await startSubgraphServer({
    name: 'approvals',
    schema: createSchema(),
    db,
    logger,
    mode: config.mode,
    port: config.port,
    host: config.host,
    signingSecret: config.signingSecret,
    redisUrl: config.redisUrl,
    createContext: (request) => createContext(db, request),
    background: (pool) => {
      backgroundDb = pool;
      consumer = createEventConsumer(pool, logger);
      return [consumer, createDeadlineWorker(pool, logger)];
    },
  });
  return {
    ...server,
    drainEvents: () => consumer!.drain(),
    runDeadlines: (now) => runDeadlines(backgroundDb!, now),
  };
}
