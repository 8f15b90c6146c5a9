import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Database, silentLogger, type RunningServer } from '@inventory/platform';
import { start as startCatalog } from '@inventory/catalog/server';
import { start as startStock } from '@inventory/stock/server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readConfig } from '../../gateway/src/config.ts';
import { start as startGateway } from '../../gateway/src/server.ts';
import { startStack, subgraphEnvOf, type Stack } from '../support/stack.ts';

/** Every code the README's error table lists. */
function documentedCodes(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const table = readme.slice(readme.indexOf('## Errors'), readme.indexOf('## Runtime'));
  return [...table.matchAll(/^\| (`[A-Z_]+`(?:, `[A-Z_]+`)*) \|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([A-Z_]+)`/g)].map((match) => match[1]!));
}

/**
 * A TCP relay to PostgreSQL that can be cut, as a network partition or a
 * stopped database would: open connections drop and new ones are refused.
 */
async function startDatabaseRelay(target: URL): Promise<{ url: string; cut(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let cut = false;
  const relay: TcpServer = createTcpServer((client) => {
    if (cut) return client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((relay.address() as AddressInfo).port);
  return {
    url: url.toString(),
    cut() {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    close: () => new Promise<void>((resolve) => relay.close(() => resolve())),
  };
}

async function listenOnFreePort(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

interface Answer {
  readonly status: number;
  readonly body: { data?: unknown; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[] };
  readonly text: string;
}

async function post(url: string, body: string, headers: Record<string, string> = { 'x-api-key': 'dev-admin' }): Promise<Answer> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text };
}

describe('every error code the README documents', () => {
  let stack: Stack;
  let broken: { gateway: RunningServer; gatewayDb: Database; servers: Server[]; catalog: RunningServer; stock: RunningServer; dbs: Database[]; relay: Awaited<ReturnType<typeof startDatabaseRelay>> };
  let limited: { gateway: RunningServer; db: Database };
  const covered = new Set<string>();

  beforeAll(async () => {
    const databaseUrl = inject('databaseUrl');
    stack = await startStack(databaseUrl);

    // A gateway in front of one failure of each kind: catalog on a database
    // without its schema (a bug: every statement fails), stock behind a
    // database connection that is cut, cmdb not listening, approvals hanging.
    const wrongDatabase = new URL(databaseUrl);
    wrongDatabase.pathname = '/postgres';
    const catalogDb = new Database({ connectionString: wrongDatabase.toString(), applicationName: 'test-wrong-database', maxConnections: 2 });
    const relay = await startDatabaseRelay(new URL(databaseUrl));
    const stockDb = new Database({ connectionString: relay.url, applicationName: 'test-lost-database', maxConnections: 2 });
    const subgraphConfig = (name: string) => ({ mode: 'test' as const, port: 0, host: '127.0.0.1', signingSecret: `test-secret-${name}` });
    const catalog = await startCatalog({ db: catalogDb, logger: silentLogger, config: subgraphConfig('catalog') });
    const stock = await startStock({ db: stockDb, logger: silentLogger, config: subgraphConfig('stock') });
    relay.cut();
    const closed = createServer();
    const closedUrl = await listenOnFreePort(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const hanging = createServer(() => undefined);
    const failing = createServer((_request, response) => void response.writeHead(500, { 'content-type': 'text/html' }).end('<h1>oops</h1>'));
    const gatewayDb = new Database({ connectionString: databaseUrl, applicationName: 'test-broken-gateway', maxConnections: 2 });
    const gateway = await startGateway({
      db: gatewayDb,
      logger: silentLogger,
      config: readConfig({
        NODE_ENV: 'test',
        PORT: '0',
        DATABASE_URL: databaseUrl,
        RATE_LIMIT_PER_MINUTE: '0',
        // Long enough for a working subgraph on a loaded machine, short enough for the hanging one.
        SUBGRAPH_TIMEOUT_MS: '1500',
        // One request at a time, so a second one in flight is shed.
        MAX_CONCURRENT_REQUESTS: '1',
        SUBGRAPH_CATALOG_URL: `${catalog.url}/graphql`,
        SUBGRAPH_STOCK_URL: `${stock.url}/graphql`,
        SUBGRAPH_CMDB_URL: closedUrl,
        SUBGRAPH_APPROVALS_URL: await listenOnFreePort(hanging),
        SUBGRAPH_CATALOG_SECRET: 'test-secret-catalog',
        SUBGRAPH_STOCK_SECRET: 'test-secret-stock',
      }),
    });
    broken = { gateway, gatewayDb, servers: [hanging, failing], catalog, stock, dbs: [catalogDb, stockDb], relay };
    await listenOnFreePort(failing);

    const limitedDb = new Database({ connectionString: databaseUrl, applicationName: 'test-limited-gateway', maxConnections: 2 });
    limited = {
      db: limitedDb,
      gateway: await startGateway({
        db: limitedDb,
        logger: silentLogger,
        config: readConfig({
          NODE_ENV: 'test',
          PORT: '0',
          DATABASE_URL: databaseUrl,
          RATE_LIMIT_PER_MINUTE: '1',
          ...subgraphEnvOf(stack),
        }),
      }),
    };
  });
  afterAll(async () => {
    await limited?.gateway.stop();
    await limited?.db.close();
    if (broken) {
      await broken.gateway.stop();
      await broken.gatewayDb.close();
      await broken.catalog.stop();
      await broken.stock.stop();
      for (const db of broken.dbs) await db.close().catch(() => undefined);
      await broken.relay.close();
      for (const server of broken.servers) {
        server.closeAllConnections();
        server.close();
      }
    }
    await stack?.stop();
  });

  /** Checks an answer's status, its first error's code and path, and that nothing internal leaked. */
  function expectError(answer: Answer, status: number, code: string, path?: (string | number)[]) {
    expect(answer.status, answer.text).toBe(status);
    const error = answer.body.errors?.find((candidate) => candidate.extensions?.code === code);
    expect(error, answer.text).toBeDefined();
    if (path) expect(error!.path, answer.text).toEqual(path);
    expect(answer.text).not.toMatch(/stacktrace|\s+at .+\.(ts|js):\d+|127\.0\.0\.1|relation .* does not exist/);
    covered.add(code);
  }

  const json = (value: unknown) => JSON.stringify(value);

  it('refuses a bad variable at the gateway, before any subgraph is called', async () => {
    const mutation = 'mutation ($input: RecordMovementInput!) { recordMovement(input: $input) { movement { id } userErrors { code } } }';
    const input = { idempotencyKey: 'bad-quantity', type: 'INBOUND', partNumberId: '1', quantity: 'abc', toLocationId: '1' };
    const { result: answer, statements } = await stack.countStatements(() => post(stack.gatewayUrl, json({ query: mutation, variables: { input } })));
    expectError(answer, 400, 'BAD_USER_INPUT');
    expect(answer.body.errors![0]!.message).toMatch(/"input\.quantity"; Decimal must be a decimal string/);
    expect(Object.values(statements).flat()).toEqual([]);
    const date = await post(stack.gatewayUrl, json({ query: 'query ($from: DateTime) { movements(first: 1, filter: { createdFrom: $from }) { totalCount } }', variables: { from: 'yesterday' } }));
    expectError(date, 400, 'BAD_USER_INPUT');
  });

  it('relays a bad argument value with the code, message and path its subgraph gave it', async () => {
    expectError(await post(stack.gatewayUrl, json({ query: '{ a: asset(id: "x") { id } }' })), 200, 'BAD_USER_INPUT', ['a']);
  });

  it('refuses a literal of the wrong type, an unknown field and a subscription as invalid documents', async () => {
    const literal = await post(stack.gatewayUrl, json({ query: '{ movements(first: 1, filter: { createdFrom: "yesterday" }) { totalCount } }' }));
    expectError(literal, 400, 'GRAPHQL_VALIDATION_FAILED');
    expect(literal.body.errors![0]!.message).toMatch(/Expected value of type "DateTime", found "yesterday"/);
    expectError(await post(stack.gatewayUrl, json({ query: '{ asset(id: "1") { noSuchField } }' })), 400, 'GRAPHQL_VALIDATION_FAILED');
    const subscription = await post(stack.gatewayUrl, json({ query: 'subscription { __typename }' }));
    expectError(subscription, 400, 'GRAPHQL_VALIDATION_FAILED');
    expect(subscription.body.errors![0]!.message).toBe('This API offers no subscription operations; use a query or a mutation.');
  });

  it('refuses an operationName the document does not have, or a choice left open', async () => {
    expectError(await post(stack.gatewayUrl, json({ query: 'query A { __typename }', operationName: 'Nope' })), 400, 'OPERATION_RESOLUTION_FAILURE');
    expectError(await post(stack.gatewayUrl, json({ query: 'query A { __typename } query B { __typename }' })), 400, 'OPERATION_RESOLUTION_FAILURE');
  });

  it('refuses what does not parse', async () => {
    expectError(await post(stack.gatewayUrl, json({ query: '{ asset(id: ' })), 400, 'GRAPHQL_PARSE_FAILED');
  });

  it('refuses a body that is not JSON, and one naming both a documentId and a query', async () => {
    expectError(await post(stack.gatewayUrl, '{not json'), 400, 'BAD_REQUEST');
    const [registered] = (JSON.parse(readFileSync(new URL('../../schema/persisted-operations.json', import.meta.url), 'utf8')) as { operations: { id: string; body: string }[] }).operations;
    expectError(await post(stack.gatewayUrl, json({ documentId: registered!.id, query: registered!.body })), 400, 'BAD_REQUEST');
  });

  it('refuses a body over the size limit', async () => {
    expectError(await post(stack.gatewayUrl, json({ query: `{ __typename } # ${'x'.repeat(1_100_000)}` })), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses a request without credentials, and a role that may not do something', async () => {
    expectError(await post(stack.gatewayUrl, json({ query: '{ __typename }' }), {}), 401, 'UNAUTHENTICATED');
    const create = 'mutation { createLocation(input: { code: "NOPE", name: "Nope", type: WAREHOUSE }) { location { id } } }';
    expectError(await post(stack.gatewayUrl, json({ query: create }), { 'x-api-key': 'dev-analyst' }), 200, 'FORBIDDEN', ['createLocation']);
  });

  it('limits a key to its budget', async () => {
    const query = json({ query: '{ __typename }' });
    expect((await post(limited.gateway.url, query)).status).toBe(200);
    expectError(await post(limited.gateway.url, query), 429, 'RATE_LIMITED');
  });

  it('holds partners to registered operations, and answers an unknown APQ hash', async () => {
    expectError(await post(stack.gatewayUrl, json({ query: '{ __typename }' }), { 'x-api-key': 'dev-partner' }), 400, 'QUERY_NOT_IN_SAFELIST');
    expectError(await post(stack.gatewayUrl, json({ documentId: 'f'.repeat(64) })), 400, 'PERSISTED_QUERY_NOT_IN_LIST');
    expectError(await post(stack.gatewayUrl, json({ extensions: { persistedQuery: { version: 1, sha256Hash: 'e'.repeat(64) } } })), 200, 'PERSISTED_QUERY_NOT_FOUND');
  });

  it('exports registered queries only as CSV', async () => {
    expectError(await post(stack.gatewayUrl, json({ query: '{ __typename }' }), { 'x-api-key': 'dev-analyst', accept: 'text/csv' }), 406, 'NOT_ACCEPTABLE');
  });

  it('names the path of every part a failed backing service left empty, and answers the rest', async () => {
    const answer = await post(broken.gateway.url, json({ query: '{ locations(first: 1) { totalCount } configurationItems(first: 1) { totalCount } approvalRequests(first: 1) { totalCount } partNumbers(first: 1) { totalCount } }' }));
    expectError(answer, 200, 'SERVICE_UNAVAILABLE', ['locations']);
    expectError(answer, 200, 'SUBGRAPH_UNAVAILABLE', ['configurationItems']);
    expectError(answer, 200, 'SUBGRAPH_TIMEOUT', ['approvalRequests']);
    expectError(answer, 200, 'INTERNAL_SERVER_ERROR', ['partNumbers']);
    expect(answer.body.errors!.find((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE')!.message).toMatch(/retry/);
  });

  it('sheds a request past the gateway\'s capacity with a retryable code', async () => {
    const inFlight = post(broken.gateway.url, json({ query: '{ approvalRequests(first: 1) { totalCount } }' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const shed = await post(broken.gateway.url, json({ query: '{ __typename }' }));
    expectError(shed, 503, 'OVERLOADED');
    await inFlight;
  });

  it('reports a subgraph that answers with something other than GraphQL as a failure on the paths it leaves empty', async () => {
    const failingUrl = `http://127.0.0.1:${(broken.servers[1]!.address() as AddressInfo).port}/graphql`;
    const db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-failing-gateway', maxConnections: 2 });
    const gateway = await startGateway({
      db,
      logger: silentLogger,
      config: readConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: inject('databaseUrl'), RATE_LIMIT_PER_MINUTE: '0', SUBGRAPH_CMDB_URL: failingUrl }),
    });
    try {
      expectError(await post(gateway.url, json({ query: '{ configurationItems(first: 1) { totalCount } }' })), 200, 'SUBGRAPH_ERROR', ['configurationItems']);
    } finally {
      await gateway.stop();
      await db.close();
    }
  });

  it('counts client mistakes apart from failures in the request metric', async () => {
    const outcomes = async (url: string) =>
      new Set([...(await (await fetch(`${url}/metrics`)).text()).matchAll(/^graphql_request_duration_seconds_count\{[^}]*outcome="([a-z_]+)"/gm)].map((match) => match[1]));
    // Every request to the healthy gateway above was a client mistake.
    const healthy = await outcomes(stack.gatewayUrl);
    expect(healthy).toContain('client_error');
    expect(healthy).not.toContain('error');
    expect(await outcomes(broken.gateway.url)).toContain('error');
  });

  it('has sent a request for every code in the README', () => {
    expect([...covered].sort()).toEqual([...new Set(documentedCodes())].sort());
  });
});
