import type { Queryable } from '@inventory/platform';

/**
 * Runs `work` inside a savepoint of the caller's transaction: when it
 * throws, everything it wrote is undone and the transaction stays usable
 * for what follows (the error is rethrown).
 */
export async function withSavepoint<T>(tx: Queryable, work: () => Promise<T>): Promise<T> {
  await tx.query('savepoint', 'SAVEPOINT stock_work');
  try {
    const result = await work();
    await tx.query('releaseSavepoint', 'RELEASE SAVEPOINT stock_work');
    return result;
  } catch (error) {
    await tx.query('rollbackToSavepoint', 'ROLLBACK TO SAVEPOINT stock_work');
    throw error;
  }
}
