import { ConfigError } from './config.ts';
import { Database } from './database.ts';
import type { RunningServer } from './http-server.ts';
import { createLogger, type Logger } from './logger.ts';
import type { SubgraphConfig } from './subgraph-config.ts';
import { startTracing } from './tracing.ts';

/**
 * How long a stopping process may drain (in-flight requests finishing, pools
 * closing) before it exits anyway. Deployments give it at least this much
 * termination grace.
 */
export const SHUTDOWN_DRAIN_LIMIT_MS = 10_000;

interface Stoppable {
  stop(): Promise<void>;
}

let promotion: Promise<void> = Promise.resolve();
let standbyReady: (() => void) | null = null;

/**
 * Resolves when this process may take requests: at once, or, for a
 * standby, when the supervisor promotes it. A server calls it after it has
 * built everything and just before it listens and starts its background
 * work, so a standby waits fully prepared (the first call tells the
 * supervisor it is ready to take over).
 */
export function whenPromoted(): Promise<void> {
  standbyReady?.();
  standbyReady = null;
  return promotion;
}

/**
 * The entry point of a long-running process: starts it, stops it cleanly on
 * SIGINT/SIGTERM (in-flight requests finish, pools close), and exits non-zero
 * with every configuration problem listed when configuration is invalid.
 * Under a supervisor (`npm start`, which opens an IPC channel) it also stops
 * when the supervisor is gone, so no process is left orphaned.
 *
 * A standby (the supervisor set `SUPERVISOR_STANDBY=1`) loads its code and
 * builds its server, then waits in `whenPromoted()` until the supervisor
 * sends `{ type: 'serve' }`, the moment the process it stands in for has
 * died: taking over then costs a `listen`, not a Node start.
 */
export function runProcess(name: string, start: () => Promise<Stoppable>): void {
  let stopping = false;
  // Started by a supervisor over an IPC channel: the channel closes when the
  // supervisor dies, however it died, and this process must not outlive it.
  let supervisorGone: (() => void) | null = null;
  if (process.send) {
    process.on('disconnect', () => (supervisorGone ? supervisorGone() : process.exit(1)));
  }
  if (process.send && process.env.SUPERVISOR_STANDBY === '1') {
    promotion = new Promise<void>((resolve) => {
      const promoted = (message: unknown) => {
        if ((message as { type?: unknown } | null)?.type !== 'serve') return;
        process.off('message', promoted);
        resolve();
      };
      process.on('message', promoted);
    });
    standbyReady = () => process.send?.({ type: 'standby-ready' });
  }
  start().then(
    (running) => {
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        const timer = setTimeout(() => process.exit(1), SHUTDOWN_DRAIN_LIMIT_MS);
        timer.unref();
        running.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`${name}: error while stopping after ${signal}: ${String(error)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      supervisorGone = () => shutdown('the loss of its supervisor');
    },
    (error: unknown) => {
      if (error instanceof ConfigError) process.stderr.write(`${name}: ${error.message}\n`);
      else process.stderr.write(`${name}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/**
 * The whole entry point of a subgraph process: reads its configuration,
 * starts tracing when a collector is configured, opens the database pool
 * (and a second one on the replica `DATABASE_READ_URL` names, for the
 * reports; without one `reportDb` is the primary's pool), starts the server,
 * and on SIGINT/SIGTERM stops the server, then the pools, then tracing
 * (flushing what is left).
 */
export function runSubgraph<Config extends SubgraphConfig>(
  name: string,
  readConfig: () => Config,
  start: (deps: { db: Database; reportDb: Database; logger: Logger; config: Config }) => Promise<RunningServer>,
): void {
  runProcess(name, async () => {
    const config = readConfig();
    const stopTracing = config.otelEndpoint ? startTracing(name, config.otelEndpoint) : null;
    const logger = createLogger(name, config.logLevel);
    const db = new Database({
      connectionString: config.databaseUrl,
      applicationName: name,
      maxConnections: config.databasePoolSize,
      statementTimeoutMs: config.statementTimeoutMs,
    });
    // Analyst reports read from the replica when one is configured, from the primary otherwise.
    const reportDb = config.databaseReadUrl
      ? new Database({
          connectionString: config.databaseReadUrl,
          applicationName: `${name}-reports`,
          maxConnections: config.databasePoolSize,
          statementTimeoutMs: config.statementTimeoutMs,
        })
      : db;
    const server = await start({ db, reportDb, logger, config });
    return {
      async stop() {
        await server.stop();
        if (reportDb !== db) await reportDb.close();
        await db.close();
        await stopTracing?.();
      },
    };
  });
}
