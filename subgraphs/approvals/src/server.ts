import {
  Database,
  OutboxConsumer,
  startSubgraphServer,
  type Logger,
  type RunningServer,
  type SubgraphConfig,
} from '@inventory/platform';
import { createContext } from './context.ts';
import { MOVEMENT_REQUESTED_TOPIC } from './domain/decided-event.ts';
import { createSchema } from './schema.ts';
import { DeadlineWorker, type DeadlineRun } from './workflow/deadlines.ts';
import { createMovementRequestHandler } from './workflow/movement-requests.ts';

export interface ApprovalsDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly config: Pick<SubgraphConfig, 'mode' | 'port' | 'host' | 'signingSecret'>;
}

/** The running subgraph, with handles on its background work for tests. */
export interface ApprovalsServer extends RunningServer {
  /** Applies every waiting `stock.movement.approval_requested` event now; resolves with how many this call applied. */
  drainEvents(): Promise<number>;
  /** Runs one escalation and expiry pass as of `now`. */
  runDeadlines(now?: Date): Promise<DeadlineRun>;
}

/**
 * Starts the approvals subgraph (tests call this with port 0) and its
 * background work: the consumer of stock's approval requests and the
 * escalation/expiry worker. Background work has its own small pool, so it
 * never competes with requests for connections (nor shows in their
 * statement counts).
 */
export async function start({ db, logger, config }: ApprovalsDeps): Promise<ApprovalsServer> {
  const background = new Database({ connectionString: db.connectionString, applicationName: 'approvals-background', maxConnections: 3 });
  const consumer = new OutboxConsumer({
    db: background,
    schema: 'approvals',
    topics: [MOVEMENT_REQUESTED_TOPIC],
    handle: createMovementRequestHandler(logger),
    logger,
  });
  const worker = new DeadlineWorker(background, logger);
  const server = await startSubgraphServer({
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
  try {
    await consumer.start(db.connectionString);
    worker.start();
  } catch (error) {
    await consumer.stop();
    await server.stop();
    await background.close();
    throw error;
  }
  return {
    url: server.url,
    port: server.port,
    drainEvents: () => consumer.drain(),
    runDeadlines: (now) => worker.runOnce(now),
    async stop() {
      await consumer.stop();
      await worker.stop();
      await server.stop();
      await background.close();
    },
  };
}
