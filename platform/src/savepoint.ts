import type { Queryable } from './database.ts';

let sequence = 0;

/**
 * Runs `work` inside a savepoint of the caller's transaction: when it
 * throws, everything it wrote is undone, the transaction stays usable for
 * what follows (recording why it failed, say), and the error is rethrown.
 * Savepoints may nest; each gets a name of its own.
 */
export async function withSavepoint<T>(tx: Queryable, work: () => Promise<T>): Promise<T> {
  const name = `work_${++sequence}`;
  await tx.query('savepoint', `SAVEPOINT ${name}`);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await tx.query('rollbackToSavepoint', `ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
  await tx.query('releaseSavepoint', `RELEASE SAVEPOINT ${name}`);
  return result;
}
