import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Database, DatabaseUnavailableError } from '../src/index.ts';

describe('the database module when PostgreSQL drops a connection', () => {
  let db: Database;
  let admin: Database;

  beforeAll(() => {
    db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-faults', maxConnections: 2 });
    admin = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-faults-admin', maxConnections: 1 });
  });
  afterAll(async () => {
    await db?.close();
    await admin?.close();
  });

  it('fails only the transaction whose connection died, without an unhandled error event, and serves the next request', async () => {
    const outcome = db.transaction(async (tx) => {
      const [{ pid }] = (await tx.query<{ pid: number }>('pid', 'SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
      // The server ends this session while it sits idle in the transaction, as a restart would (57P01).
      await admin.query('terminate', 'SELECT pg_terminate_backend($1)', [pid]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.query('after', 'SELECT 1');
    });
    await expect(outcome).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(await db.query<{ one: number }>('again', 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    expect(await db.transaction((tx) => tx.query<{ two: number }>('again', 'SELECT 2 AS two'))).toEqual([{ two: 2 }]);
  });
});
