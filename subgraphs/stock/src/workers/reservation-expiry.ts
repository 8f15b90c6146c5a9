import { PeriodicTask, type Database, type Logger } from '@inventory/platform';
import { expireReservations } from '../commands/reservations.ts';

const BATCH = 50;

/**
 * Releases overdue reservations in the background, every `intervalMs` and
 * once as soon as it starts (reservations may have fallen due while no
 * process ran). Each pass releases everything overdue, batch by batch, and
 * resolves with how many it released; `runNow()` runs one at once. Safe in
 * any number of processes at once: each batch claims rows with
 * `FOR UPDATE SKIP LOCKED`, so a reservation is released by exactly one of
 * them.
 */
export function createReservationExpiry({ db, logger, intervalMs }: { db: Database; logger: Logger; intervalMs: number }): PeriodicTask<number> {
  const task: PeriodicTask<number> = new PeriodicTask({
    name: 'reservation expiry',
    intervalMs,
    firstRun: 'immediately',
    logger,
    async run() {
      let total = 0;
      for (;;) {
        const released = await expireReservations(db, BATCH);
        total += released;
        // A full batch may have more behind it; a stopping process leaves them to the next one.
        if (released < BATCH || task.stopped) break;
      }
      if (total > 0) logger.info('released expired reservations', { count: total });
      return total;
    },
  });
  return task;
}
