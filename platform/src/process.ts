import { ConfigError } from './config.ts';

interface Stoppable {
  stop(): Promise<void>;
}

/**
 * The entry point of a long-running process: starts it, stops it cleanly on
 * SIGINT/SIGTERM (in-flight requests finish, pools close), and exits non-zero
 * with every configuration problem listed when configuration is invalid.
 */
export function runSubgraphProcess(name: string, start: () => Promise<Stoppable>): void {
  let stopping = false;
  start().then(
    (running) => {
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        const timer = setTimeout(() => process.exit(1), 10_000);
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
    },
    (error: unknown) => {
      if (error instanceof ConfigError) process.stderr.write(`${name}: ${error.message}\n`);
      else process.stderr.write(`${name}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
