import type { Logger } from './logger.ts';

/** When the first run happens after `start()`. */
export type FirstRun = 'immediately' | 'after-interval';

export interface PeriodicTaskOptions<Result> {
  /** Names the task in logs. */
  readonly name: string;
  readonly intervalMs: number;
  /**
   * `immediately` for work that may already be waiting when the process
   * starts (an outbox backlog, overdue reservations); `after-interval` for
   * work that only becomes due with time.
   */
  readonly firstRun: FirstRun;
  /** One pass of the work. A failure is logged and the next pass runs on schedule. */
  readonly run: () => Promise<Result>;
  readonly logger: Logger;
}

/**
 * Work repeated on a timer beside a server (an outbox poll, a sweeper, a
 * deadline worker), with the rules they all need: one pass at a time, a
 * first-run policy said out loud, and a `stop()` that waits for the pass in
 * progress. The timer never keeps the process alive on its own.
 */
export class PeriodicTask<Result = unknown> {
  readonly #options: PeriodicTaskOptions<Result>;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<Result> | null = null;
  #queued: Promise<Result> | null = null;
  #stopped = false;

  constructor(options: PeriodicTaskOptions<Result>) {
    if (!(options.intervalMs > 0)) throw new RangeError(`${options.name}: intervalMs must be positive`);
    this.#options = options;
  }

  /** Starts the timer (once; a second call does nothing) and, with `firstRun: 'immediately'`, a first pass now. */
  start(): void {
    if (this.#timer) return;
    this.#stopped = false;
    this.#timer = setInterval(() => this.trigger(), this.#options.intervalMs);
    this.#timer.unref();
    if (this.#options.firstRun === 'immediately') this.trigger();
  }

  /** Stops the timer and waits for the pass in progress; `trigger()` starts nothing after this. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#queued?.catch(() => undefined);
    await this.#running?.catch(() => undefined);
  }

  /** Whether `stop()` was called since the last `start()`: long passes check this between steps. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /**
   * Resolves with the result of a pass that starts no earlier than this call:
   * a new pass when idle, else one queued behind the pass in progress (which
   * may have looked before the caller's work arrived) and shared by every
   * caller that asks meanwhile. Works whether or not the timer runs; tests
   * use it to apply waiting work now.
   */
  runNow(): Promise<Result> {
    if (!this.#running) return this.#begin();
    this.#queued ??= this.#running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.#queued = null;
        return this.#running ?? this.#begin();
      });
    return this.#queued;
  }

  /** Asks for a pass soon (a timer tick, a notification); a failure is logged and the next tick tries again. */
  trigger(): void {
    if (this.#stopped) return;
    this.runNow().catch((error: unknown) => this.#options.logger.error(`${this.#options.name} failed; it runs again on schedule`, { error }));
  }

  #begin(): Promise<Result> {
    const pass = this.#options.run().finally(() => {
      if (this.#running === pass) this.#running = null;
    });
    this.#running = pass;
    return pass;
  }
}
