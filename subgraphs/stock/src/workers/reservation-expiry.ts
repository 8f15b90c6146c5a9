import type { Database, Logger } from '@inventory/platform';
import { expireReservations } from '../commands/reservations.ts';

const BATCH = 50;

/**
 * Releases overdue reservations in the background. Safe in any number of
 * processes at once: each sweep claims rows with `FOR UPDATE SKIP LOCKED`,
 * so a reservation is released by exactly one of them.
 */
export class ReservationExpiryWorker {
  readonly #db: Database;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;

  constructor({ db, logger, intervalMs }: { db: Database; logger: Logger; intervalMs: number }) {
    this.#db = db;
    this.#logger = logger;
    this.#intervalMs = intervalMs;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.#logger.error('reservation expiry failed', { error }));
    }, this.#intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => undefined);
  }

  /** Releases every reservation overdue now, batch by batch; resolves with how many this call released. Overlapping calls share one sweep. */
  sweep(): Promise<number> {
    this.#running ??= this.#sweepAll().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #sweepAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const released = await expireReservations(this.#db, BATCH);
      total += released;
      if (released < BATCH) break;
    }
    if (total > 0) this.#logger.info('released expired reservations', { count: total });
    return total;
  }
}
