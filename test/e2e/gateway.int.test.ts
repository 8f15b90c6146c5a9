import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Database, silentLogger } from '@inventory/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readConfig } from '../../gateway/src/config.ts';
import { start as startGateway } from '../../gateway/src/server.ts';
import { startStack, type Stack } from '../support/stack.ts';

describe('the gateway', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
  });
  afterAll(() => stack?.stop());

  it('says it is alive and ready when the database and every subgraph answer', async () => {
    const alive = await fetch(`${stack.gatewayUrl}/healthz`);
    expect(alive.status).toBe(200);
    const ready = await fetch(`${stack.gatewayUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'up', catalog: 'up', stock: 'up', cmdb: 'up', approvals: 'up' },
    });
  });

  it('answers a query over GET', async () => {
    const query = encodeURIComponent('{ partNumber(code: "PN-LAP-0001") { description stock { onHand } } }');
    const response = await fetch(`${stack.gatewayUrl}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true', 'x-api-key': 'dev-analyst' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { partNumber: { description: 'Lenovo ThinkPad T14', stock: { onHand: '10' } } } });
  });

  it('refuses a request without a valid API key with 401 and UNAUTHENTICATED', async () => {
    for (const key of ['', 'not-a-key', 'dev-nobody']) {
      const { status, headers, body } = await stack.execute('{ asset(id: "1") { id } }', {}, { 'x-api-key': key });
      expect(status, key).toBe(401);
      expect(headers.get('www-authenticate')).toBe('ApiKey header="x-api-key", Bearer');
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(body.data).toBeUndefined();
    }
  });

  it('accepts every development key', async () => {
    for (const key of ['dev-admin', 'dev-operator', 'dev-approver', 'dev-analyst']) {
      const { status } = await stack.execute('{ asset(id: "1") { id } }', {}, { 'x-api-key': key });
      expect(status, key).toBe(200);
    }
  });

  it('returns a request id and passes it to the subgraphs', async () => {
    const { headers, body } = await stack.execute('{ asset(id: "1") { serialNumber } }', {}, { 'x-request-id': 'trace-123' });
    expect(body.errors).toBeUndefined();
    expect(headers.get('x-request-id')).toBe('trace-123');
    const generated = await stack.execute('{ asset(id: "1") { serialNumber } }');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('explains malformed requests with stable codes and no stack traces', async () => {
    const cases: { body: string; status: number; code: string }[] = [
      { body: '{not json', status: 400, code: 'BAD_REQUEST' },
      { body: JSON.stringify({ query: '{ asset(id: "1") { noSuchField } }' }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
      { body: JSON.stringify({ query: '{ asset(id: ' }), status: 400, code: 'GRAPHQL_PARSE_FAILED' },
      { body: JSON.stringify({ query: '{ asset(id: "x") { id } }' }), status: 200, code: 'BAD_USER_INPUT' },
      { body: JSON.stringify({ query: '{ assets(first: 101) { totalCount } }' }), status: 200, code: 'BAD_USER_INPUT' },
      { body: JSON.stringify({ query: '{ assets(first: 5000) { totalCount } }' }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
      { body: JSON.stringify({ query: 'query ($n: Int) { assets(first: $n) { totalCount } }', variables: { n: 'abc' } }), status: 400, code: 'BAD_USER_INPUT' },
    ];
    for (const { body, status, code } of cases) {
      const response = await fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'dev-admin' }, body });
      const text = await response.text();
      expect(response.status, body).toBe(status);
      expect(JSON.parse(text).errors[0].extensions.code, body).toBe(code);
      expect(text, body).not.toMatch(/stacktrace|\s+at .+\.(ts|js):\d+/);
    }
  });

  it('reports not ready when a subgraph is down, and ready again once it is back', async () => {
    const local = await startStack(inject('databaseUrl'));
    try {
      await local.subgraphs.cmdb.stop();
      const response = await fetch(`${local.gatewayUrl}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'unavailable', checks: { cmdb: 'down', catalog: 'up', database: 'up' } });
      // The rest of the graph keeps answering; only the missing part is an error.
      const { body } = await local.execute('{ asset(id: "1") { serialNumber configurationItem { code } } }');
      expect(body.data?.asset).toEqual({ serialNumber: 'SN-000001', configurationItem: null });
      expect(body.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([['SUBGRAPH_UNAVAILABLE', ['asset', 'configurationItem']]]);
      // In a list, each entity's missing field is named by its own path.
      const list = await local.execute('{ assets(first: 2) { edges { node { serialNumber configurationItem { code } } } } }');
      expect(list.body.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([
        ['SUBGRAPH_UNAVAILABLE', ['assets', 'edges', 0, 'node', 'configurationItem']],
        ['SUBGRAPH_UNAVAILABLE', ['assets', 'edges', 1, 'node', 'configurationItem']],
      ]);
    } finally {
      await local.stop().catch(() => undefined);
    }
  });
});

describe('the gateway calling a subgraph that never answers', () => {
  let hanging: Server;
  let gateway: { url: string; stop(): Promise<void> };
  let db: Database;

  beforeAll(async () => {
    // Accepts connections and reads requests, but never responds.
    hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as AddressInfo;
    db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-gateway' });
    gateway = await startGateway({
      db,
      logger: silentLogger,
      config: readConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: inject('databaseUrl'), SUBGRAPH_CATALOG_URL: `http://127.0.0.1:${port}/graphql`, SUBGRAPH_TIMEOUT_MS: '300' }),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await db?.close();
    hanging?.closeAllConnections();
    hanging?.close();
  });

  it('gives up after the configured timeout with an error instead of hanging', async () => {
    const started = performance.now();
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'dev-analyst' },
      body: JSON.stringify({ query: '{ asset(id: "1") { serialNumber } }' }),
    });
    const elapsed = performance.now() - started;
    const body = (await response.json()) as { data: unknown; errors: unknown };
    expect(body.data).toEqual({ asset: null });
    expect(body.errors).toEqual([{ message: 'A backing service did not answer in time.', path: ['asset'], extensions: { code: 'SUBGRAPH_TIMEOUT' } }]);
    expect(elapsed).toBeLessThan(5_000);
  });
});
