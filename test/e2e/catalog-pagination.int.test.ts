import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type GraphQLResponse, type Stack } from '../support/stack.ts';

const OPERATOR = { 'x-api-key': 'dev-operator' };

describe('catalog pagination through the gateway', () => {
  let stack: Stack;
  let tag: string;
  let partId: string;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
    tag = randomBytes(4).toString('hex').toUpperCase();
    // 1,000 part numbers with even numbers (odd ones are inserted while paging) and 1,000 assets of one part.
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO catalog.part_number (code, description, category)
         SELECT 'PN-PG' || $1 || '-' || lpad((n * 2)::text, 4, '0'), 'Paged part ' || n, 'PAGE-' || $1 FROM generate_series(0, 999) AS n`,
        [tag],
      );
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO catalog.part_number (code, description, serialized) VALUES ('PN-PGA-' || $1, 'Paged asset part', true) RETURNING id`,
        [tag],
      );
      partId = rows[0]!.id;
      await client.query(
        `INSERT INTO catalog.asset (serial_number, part_number_id) SELECT 'PG-' || $1 || '-' || lpad(n::text, 4, '0'), $2 FROM generate_series(0, 999) AS n`,
        [tag, partId],
      );
    } finally {
      await client.end();
    }
  });
  afterAll(() => stack?.stop());

  /** Walks a connection page by page, `first` at a time, and returns every node's key in order. */
  async function walk(field: 'partNumbers' | 'assets', args: string, key: string, duringEachPage: () => Promise<unknown>): Promise<string[]> {
    const keys: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const [{ status, body }]: [GraphQLResponse, unknown] = await Promise.all([
        stack.execute(`query ($after: String) { ${field}(first: 100, after: $after, ${args}) { edges { node { ${key} } } pageInfo { hasNextPage endCursor } } }`, { after }, OPERATOR),
        duringEachPage(),
      ]);
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      keys.push(...body.data[field].edges.map((edge: any) => edge.node[key]));
      after = body.data[field].pageInfo.hasNextPage ? body.data[field].pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 50);
    return keys;
  }

  it('walks 1,000 part numbers by code without gaps or repeats while others insert into the same list', async () => {
    let next = 0;
    const insertSome = () =>
      Promise.all(
        Array.from({ length: 5 }, () => {
          // Odd numbers land between the pages already read and those still to come.
          const code = `PN-PG${tag}-${String((next++ * 37 % 1000) * 2 + 1).padStart(4, '0')}`;
          return stack.execute(
            `mutation ($input: CreatePartNumberInput!) { createPartNumber(input: $input) { userErrors { code } } }`,
            { input: { code, description: 'Inserted while paging', category: `PAGE-${tag}` } },
            OPERATOR,
          );
        }),
      );
    const codes = await walk('partNumbers', `filter: { category: "PAGE-${tag}" }`, 'code', insertSome);
    const original = Array.from({ length: 1000 }, (_, n) => `PN-PG${tag}-${String(n * 2).padStart(4, '0')}`);
    expect(new Set(codes).size).toBe(codes.length);
    expect(original.filter((code) => !codes.includes(code))).toEqual([]);
    expect([...codes].sort()).toEqual(codes);
    expect(next).toBeGreaterThanOrEqual(50);
    const total = await stack.execute(`{ partNumbers(filter: { category: "PAGE-${tag}" }) { totalCount } }`, {}, OPERATOR);
    expect(total.body.data.partNumbers.totalCount).toBe(1000 + next);
  });

  it('walks 1,000 assets newest first without gaps or repeats while new assets are registered', async () => {
    let next = 0;
    const registerSome = () =>
      Promise.all(
        Array.from({ length: 5 }, () =>
          stack.execute(
            `mutation ($input: CreateAssetInput!) { createAsset(input: $input) { userErrors { code } } }`,
            { input: { partNumberId: partId, serialNumber: `PG-${tag}-NEW-${next++}` } },
            OPERATOR,
          ),
        ),
      );
    const serials = await walk('assets', `filter: { partNumberId: "${partId}" }`, 'serialNumber', registerSome);
    const original = Array.from({ length: 1000 }, (_, n) => `PG-${tag}-${String(n).padStart(4, '0')}`);
    expect(new Set(serials).size).toBe(serials.length);
    expect(serials.filter((serial) => !serial.includes('-NEW-'))).toEqual([...original].reverse());
    const total = await stack.execute(`{ assets(filter: { partNumberId: "${partId}" }) { totalCount } }`, {}, OPERATOR);
    expect(total.body.data.assets.totalCount).toBe(1000 + next);
  });
});
