import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Database, silentLogger, type RunningServer } from '@inventory/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiKey } from '../../gateway/src/api-keys.ts';
import { readConfig } from '../../gateway/src/config.ts';
import { start as startGateway, type RunningGateway } from '../../gateway/src/server.ts';
import { startStack, type Stack } from '../support/stack.ts';

describe('the gateway in production mode', () => {
  let stack: Stack;
  let broken: Server;
  let gateway: RunningServer;
  let db: Database;
  let key: string;

  beforeAll(async () => {
    // The real subgraphs for all but catalog, which is replaced by a server
    // that fails with an HTML page naming its internals.
    stack = await startStack(inject('databaseUrl'));
    broken = createServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Internal error</h1><pre>at Pool.connect (/srv/catalog/db.ts:42) secret=hunter2</pre>');
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const secrets = Object.fromEntries(['catalog', 'stock', 'cmdb', 'approvals'].map((name) => [`SUBGRAPH_${name.toUpperCase()}_SECRET`, `test-secret-${name}`.padEnd(40, '-')]));
    db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-production' });
    const created = await createApiKey(db, { name: `prod-analyst-${Date.now()}`, roles: ['analyst'] }, { subject: 'test', roles: ['admin'] });
    if (!created.ok) throw new Error(created.message);
    key = created.key;
    gateway = await startGateway({
      db,
      logger: silentLogger,
      config: readConfig({
        NODE_ENV: 'production',
        PORT: '0',
        METRICS_PORT: '0',
        DATABASE_URL: inject('databaseUrl'),
        RATE_LIMIT_PER_MINUTE: '0',
        ...secrets,
        SUBGRAPH_CATALOG_URL: `http://127.0.0.1:${(broken.address() as AddressInfo).port}/graphql`,
        SUBGRAPH_STOCK_URL: `${stack.subgraphs.stock.url}/graphql`,
        SUBGRAPH_CMDB_URL: `${stack.subgraphs.cmdb.url}/graphql`,
        SUBGRAPH_APPROVALS_URL: `${stack.subgraphs.approvals.url}/graphql`,
      }),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await db?.close();
    broken?.close();
    await stack?.stop();
  });

  const execute = async (query: string, apiKey = key) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, text: await response.text() };
  };

  it('does not know the development keys', async () => {
    expect((await execute('{ __typename }', 'dev-admin')).status).toBe(401);
    expect((await execute('{ __typename }')).status).toBe(200);
  });

  it('answers a failing subgraph with a stable code and nothing of its URL, body or stack', async () => {
    const { text } = await execute('{ asset(id: "1") { serialNumber } }');
    expect(JSON.parse(text)).toEqual({ data: { asset: null }, errors: [{ message: 'A backing service failed (HTTP 500).', path: ['asset'], extensions: { code: 'SUBGRAPH_ERROR' } }] });
    expect(text).not.toMatch(/127\.0\.0\.1|hunter2|db\.ts|<h1>/);
  });

  it('serves metrics on a port of their own, not on the public one', async () => {
    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(404);
    const metrics = await fetch((gateway as RunningGateway).metricsUrl);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/graphql_request_duration_seconds/);
  });

  it('gives no field suggestions that would map the schema for an attacker', async () => {
    const { text } = await execute('{ locaton(code: "CDC") { id } }');
    expect(JSON.parse(text).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(text).not.toMatch(/Did you mean/);
  });
});
