import type { Queryable } from '@inventory/platform';

/** Marks a point in the current transaction that `rollbackToSavepoint` can return to. */
export async function createSavepoint(tx: Queryable, name: string): Promise<void> {
  await tx.query('createSavepoint', `SAVEPOINT ${savepointName(name)}`);
}

/** Undoes everything since `createSavepoint(tx, name)`, keeping the transaction usable. */
export async function rollbackToSavepoint(tx: Queryable, name: string): Promise<void> {
  await tx.query('rollbackToSavepoint', `ROLLBACK TO SAVEPOINT ${savepointName(name)}`);
}

function savepointName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid savepoint name ${name}`);
  return name;
}
