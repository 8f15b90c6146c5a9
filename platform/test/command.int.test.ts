import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Database, refuse, runCommand, userError, withSavepoint, type Queryable } from '../src/index.ts';
import { uniqueTag } from '../src/testing.ts';

describe('running a command', () => {
  let db: Database;
  const table = `pg_temp.command_${uniqueTag().toLowerCase()}`;
  const violations = {
    command_code_key: userError('DUPLICATE', 'That code is taken.', ['input', 'code']),
    command_parent_fkey: userError('NOT_FOUND', 'No such parent.', ['input', 'parentId']),
    command_quantity_check: userError('INVALID_VALUE', 'The quantity must not be negative.', ['input', 'quantity']),
    '22003': userError('INVALID_VALUE', 'A number is too large.', ['input', 'quantity']),
  };
  const insert = (tx: Queryable, code: string, quantity: string, parentId: number | null = null) =>
    tx.query('insert', `INSERT INTO ${table} (code, quantity, parent_id) VALUES ($1, $2, $3)`, [code, quantity, parentId]);
  const count = async () => (await db.query<{ n: number }>('count', `SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  beforeAll(async () => {
    // One connection, so the temporary table is visible to every transaction.
    db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'command-test', maxConnections: 1 });
    await db.query(
      'create',
      `CREATE TABLE ${table} (
         id int GENERATED ALWAYS AS IDENTITY CONSTRAINT command_pkey PRIMARY KEY,
         code text NOT NULL CONSTRAINT command_code_key UNIQUE,
         quantity numeric(6, 2) NOT NULL CONSTRAINT command_quantity_check CHECK (quantity >= 0),
         parent_id int CONSTRAINT command_parent_fkey REFERENCES ${table} (id))`,
    );
  });
  afterAll(() => db?.close());

  it('commits the work and returns its result with no user errors', async () => {
    expect(await runCommand(db, async (tx) => (await insert(tx, 'A', '1'), 'done'), violations)).toEqual({ result: 'done', userErrors: [] });
    expect(await count()).toBe(1);
  });

  it('rolls back everything written before a refusal and returns the refusal', async () => {
    const outcome = await runCommand(db, async (tx) => {
      await insert(tx, 'B', '1');
      refuse('INSUFFICIENT_STOCK', 'Not enough.', ['input', 'quantity']);
    });
    expect(outcome).toEqual({ result: null, userErrors: [userError('INSUFFICIENT_STOCK', 'Not enough.', ['input', 'quantity'])] });
    expect(await count()).toBe(1);
  });

  it.each([
    ['a unique violation', (tx: Queryable) => insert(tx, 'A', '1'), 'command_code_key'],
    ['a foreign-key violation', (tx: Queryable) => insert(tx, 'C', '1', 999_999), 'command_parent_fkey'],
    ['a check violation', (tx: Queryable) => insert(tx, 'D', '-1'), 'command_quantity_check'],
    ['a numeric overflow', (tx: Queryable) => insert(tx, 'E', '123456789'), '22003'],
  ] as const)('turns %s of a listed rule into its user error', async (_name, work, rule) => {
    expect(await runCommand(db, work, violations)).toEqual({ result: null, userErrors: [violations[rule]] });
    expect(await count()).toBe(1);
  });

  it('lets a violation of an unlisted rule propagate', async () => {
    await expect(runCommand(db, (tx) => insert(tx, 'A', '1'))).rejects.toMatchObject({ code: '23505' });
  });

  it('undoes only what a failed savepoint wrote, keeping the transaction usable', async () => {
    const outcome = await runCommand(db, async (tx) => {
      await insert(tx, 'F', '1');
      await withSavepoint(tx, () => insert(tx, 'A', '1')).catch(() => undefined);
      await insert(tx, 'G', '1');
      return 'kept';
    });
    expect(outcome.result).toBe('kept');
    expect(await count()).toBe(3);
  });
});
