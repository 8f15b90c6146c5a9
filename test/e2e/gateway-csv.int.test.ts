import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Database, silentLogger } from '@inventory/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readConfig } from '../../gateway/src/config.ts';
import { start as startGateway } from '../../gateway/src/server.ts';
import { startStack, subgraphEnvOf, type Stack } from '../support/stack.ts';

const manifest = JSON.parse(readFileSync(new URL('../../schema/persisted-operations.json', import.meta.url), 'utf8')) as {
  operations: { id: string; name: string; body: string }[];
};
const idOf = (name: string) => manifest.operations.find((operation) => operation.name === name)!.id;

const RECORD = `mutation ($input: RecordMovementInput!) { recordMovement(input: $input) { movement { id createdAt postedAt } userErrors { code message } } }`;

describe('registered queries exported as CSV', () => {
  let stack: Stack;
  let tag: string;
  let partId: string;
  let since: string;
  const movements: { id: string; createdAt: string; postedAt: string }[] = [];

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
    tag = randomUUID().slice(0, 8).toUpperCase();
    since = new Date(Date.now() - 1_000).toISOString();
    const created = await stack.execute(`mutation ($input: CreatePartNumberInput!) { createPartNumber(input: $input) { partNumber { id } } }`, {
      input: { code: `${tag}-CSV`, description: 'Exported part' },
    });
    partId = created.body.data.createPartNumber.partNumber.id;
    // Recorded one after another, so the newest-first order of the export is known.
    for (const [location, quantity, documentRef] of [
      ['1', '5', 'ASN, "7731"'],
      ['4', '7', '=HYPERLINK("http://evil.example")'],
    ] as const) {
      const { body } = await stack.execute(RECORD, {
        input: { idempotencyKey: randomUUID(), type: 'INBOUND', partNumberId: partId, quantity, toLocationId: location, documentRef },
      });
      expect(body.data.recordMovement.userErrors, JSON.stringify(body)).toEqual([]);
      movements.push(body.data.recordMovement.movement);
    }
  });
  afterAll(() => stack?.stop());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'dev-analyst', accept: 'text/csv', ...headers },
      body: JSON.stringify(body),
    });
  const get = (params: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${stack.gatewayUrl}/graphql?${new URLSearchParams(params)}`, { headers: { 'x-api-key': 'dev-analyst', accept: 'text/csv', ...headers } });

  it("lets an analyst download a month's movement summary as CSV", async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const response = await get({
      documentId: idOf('MovementSummary'),
      variables: JSON.stringify({ from, to, groupBy: ['TYPE', 'PART_NUMBER'], partNumberId: partId }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=MovementSummary.csv');
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    // This test's own part: two receipts, 5 and 7.
    expect(rows).toEqual([expect.objectContaining({ type: 'INBOUND', 'partNumber.id': partId, movements: '2', quantity: '12' })]);
  });

  it('exports MovementsSince as the nodes of its connection, flattened, quoted and safe to open in a spreadsheet', async () => {
    const response = await post({ documentId: idOf('MovementsSince'), variables: { partNumberId: partId, since } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=MovementsSince.csv');
    expect(response.headers.get('x-partial-errors')).toBeNull();
    const text = await response.text();
    const [second, first] = [movements[1]!, movements[0]!];
    expect(text).toBe(
      [
        'id,type,status,quantity,from.code,to.code,documentRef,createdAt,postedAt',
        `${second.id},INBOUND,POSTED,7,,${(await codeOf('4'))},"'=HYPERLINK(""http://evil.example"")",${second.createdAt},${second.postedAt}`,
        `${first.id},INBOUND,POSTED,5,,${(await codeOf('1'))},"ASN, ""7731""",${first.createdAt},${first.postedAt}`,
        '',
      ].join('\n'),
    );
    // An RFC 4180 reader gets the original text back, with the formula neutralised.
    expect((parse(text, { columns: true }) as Record<string, string>[]).map((row) => row.documentRef)).toEqual([
      `'=HYPERLINK("http://evil.example")`,
      'ASN, "7731"',
    ]);
  });

  async function codeOf(locationId: string): Promise<string> {
    const { body } = await stack.execute(`query ($id: ID!) { location(id: $id) { code } }`, { id: locationId });
    return body.data.location.code;
  }

  it('writes the header of an empty list from the fields the operation selects', async () => {
    const response = await post({ documentId: idOf('MovementsSince'), variables: { partNumberId: partId, since: new Date(Date.now() + 86_400_000).toISOString() } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('id,type,status,quantity,from.code,to.code,documentRef,createdAt,postedAt\n');
  });

  it('exports StockByPartCode over GET as one row per balance, with the location flattened', async () => {
    const response = await get({ documentId: idOf('StockByPartCode'), variables: JSON.stringify({ code: `${tag}-CSV` }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=StockByPartCode.csv');
    expect(response.headers.get('vary')).toContain('accept');
    const text = await response.text();
    const json = await (await get({ documentId: idOf('StockByPartCode'), variables: JSON.stringify({ code: `${tag}-CSV` }) }, { accept: 'application/json' })).json();
    const balances = json.data.partNumber.balances as { location: { code: string; name: string; type: string }; onHand: string; reserved: string; available: string }[];
    expect(balances).toHaveLength(2);
    const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
    expect(text).toBe(
      [
        'location.code,location.name,location.type,onHand,reserved,available',
        ...balances.map((row) => [row.location.code, row.location.name, row.location.type, row.onHand, row.reserved, row.available].map(quote).join(',')),
        '',
      ].join('\n'),
    );
    expect((parse(text, { columns: true }) as Record<string, string>[]).map((row) => Number(row.onHand)).sort()).toEqual([5, 7]);
  });

  it('exports a query without a list as one row of its root object, and by persisted-query hash', async () => {
    const response = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: idOf('LocationByCode') } }, variables: { code: 'CDC' } });
    expect(response.status).toBe(200);
    const text = await response.text();
    const json = await (await post({ documentId: idOf('LocationByCode'), variables: { code: 'CDC' } }, { accept: 'application/json' })).json();
    const location = json.data.location as { id: string; code: string; name: string; type: string; active: boolean; path: string };
    expect(text.split('\n')[0]).toBe('id,code,name,type,active,path');
    expect(parse(text, { columns: true })).toEqual([{ ...location, active: String(location.active) }]);
  });

  it('exports partial data with the number and codes of its errors', async () => {
    // A gateway whose cmdb subgraph is not listening: an asset's overview lacks its configuration item only.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/graphql`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-csv-partial', maxConnections: 2 });
    const gateway = await startGateway({
      db,
      logger: silentLogger,
      config: readConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: inject('databaseUrl'), RATE_LIMIT_PER_MINUTE: '0', ...subgraphEnvOf(stack), SUBGRAPH_CMDB_URL: closedUrl }),
    });
    try {
      const send = (name: string, variables: Record<string, unknown>) =>
        fetch(`${gateway.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': 'dev-analyst', accept: 'text/csv' },
          body: JSON.stringify({ documentId: idOf(name), variables }),
        });
      const assetId = (await stack.execute(`{ asset(serialNumber: "SN-000001") { id } }`)).body.data.asset.id as string;
      const partial = await send('AssetOverview', { id: assetId });
      expect(partial.status).toBe(200);
      expect(partial.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(Number(partial.headers.get('x-partial-errors'))).toBeGreaterThan(0);
      expect(partial.headers.get('x-partial-error-codes')).toBe('SUBGRAPH_UNAVAILABLE');
      const rows = parse(await partial.text(), { columns: true }) as Record<string, string>[];
      // The rows are the first list of the answer, the part's balances, which the stock subgraph still gave.
      expect(Object.keys(rows[0]!)).toEqual(['location.code', 'location.name', 'onHand', 'reserved', 'available']);
      expect(rows.length).toBeGreaterThan(0);

    } finally {
      await gateway.stop();
      await db.close();
    }
  });

  it('answers JSON as before without Accept: text/csv', async () => {
    for (const accept of [undefined, 'application/json', '*/*']) {
      const headers: Record<string, string> = accept ? { accept } : {};
      const response = await fetch(`${stack.gatewayUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'dev-analyst', ...headers },
        body: JSON.stringify({ documentId: idOf('StockByPartCode'), variables: { code: `${tag}-CSV` } }),
      });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await response.json();
      expect(body.data.partNumber.code).toBe(`${tag}-CSV`);
    }
  });

  it('answers an error without data as JSON, with its usual status', async () => {
    const response = await post({ documentId: idOf('StockByPartCode'), variables: {} });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('refuses CSV for free text and for mutations with 406 NOT_ACCEPTABLE', async () => {
    for (const body of [
      { query: `{ partNumber(code: "${tag}-CSV") { code } }` },
      { documentId: idOf('RecordInboundMovement'), variables: { idempotencyKey: randomUUID(), partNumberId: partId, toLocationId: '1', quantity: '1' } },
    ]) {
      const response = await post(body);
      expect(response.status).toBe(406);
      expect(await response.json()).toEqual({ errors: [{ message: expect.stringContaining('registered queries'), extensions: { code: 'NOT_ACCEPTABLE' } }] });
    }
    const { body } = await stack.execute(`query ($code: String!) { partNumber(code: $code) { stock { onHand } } }`, { code: `${tag}-CSV` });
    expect(Number(body.data.partNumber.stock.onHand)).toBe(12);
  });
});
