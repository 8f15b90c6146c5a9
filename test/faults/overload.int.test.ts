import { Database, silentLogger, type RunningServer } from '@inventory/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readConfig } from '../../gateway/src/config.ts';
import { start as startGateway } from '../../gateway/src/server.ts';
import { startHangableRelay } from '../support/relay.ts';
import { startStack, subgraphEnvOf, type Stack } from '../support/stack.ts';

describe('the gateway under more concurrent work than it allows', () => {
  let stack: Stack;
  let relay: Awaited<ReturnType<typeof startHangableRelay>>;
  let gateway: RunningServer;
  let db: Database;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
    // Stock answers through a relay that can hang, so requests stay in flight as long as the test needs.
    relay = await startHangableRelay(`${stack.subgraphs.stock.url}/graphql`);
    db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-overload-gateway', maxConnections: 2 });
    gateway = await startGateway({
      db,
      logger: silentLogger,
      config: readConfig({
        NODE_ENV: 'test',
        PORT: '0',
        DATABASE_URL: inject('databaseUrl'),
        RATE_LIMIT_PER_MINUTE: '0',
        SUBGRAPH_TIMEOUT_MS: '1500',
        MAX_CONCURRENT_REQUESTS: '4',
        MAX_CONCURRENT_PER_CALLER: '2',
        MAX_CONCURRENT_REPORTS: '1',
        ...subgraphEnvOf(stack),
        SUBGRAPH_STOCK_URL: relay.url,
      }),
    });
    relay.hang(true);
  });
  afterAll(async () => {
    await gateway?.stop();
    await db?.close();
    relay?.close();
    await stack?.stop();
  });

  const send = async (key: string, query: string) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: { extensions: { code: string } }[] };
    return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.errors?.[0]?.extensions.code ?? null };
  };
  const slow = '{ locations(first: 1) { totalCount } }';
  const report = '{ lowStock(first: 5) { totalCount } }';
  const light = '{ asset(id: "1") { serialNumber } }';

  it('sheds a caller past its bound with 429, reports past theirs with 503, and everyone past the total with 503, while light requests of others still answer', async () => {
    // dev-analyst fills its own bound of two; a third is refused at once.
    const analyst = [send('dev-analyst', slow), send('dev-analyst', slow)];
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await send('dev-analyst', light)).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfter: '1' });

    // One report runs; a second report, from anyone, is refused before anything is fetched.
    const runningReport = send('dev-admin', report);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await send('dev-operator', report)).toMatchObject({ status: 503, code: 'OVERLOADED', retryAfter: '1' });
    // A light request of another caller still answers at once, in full.
    expect(await send('dev-operator', light)).toMatchObject({ status: 200, code: null });

    // Four in flight now fill the gateway: a fifth, from a caller with room of its own, is shed.
    const fourth = send('dev-operator', slow);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await send('dev-approver', light)).toMatchObject({ status: 503, code: 'OVERLOADED', retryAfter: '1' });

    const finished = await Promise.all([...analyst, runningReport, fourth]);
    expect(finished.map((answer) => answer.code)).toEqual(['SUBGRAPH_TIMEOUT', 'SUBGRAPH_TIMEOUT', 'SUBGRAPH_TIMEOUT', 'SUBGRAPH_TIMEOUT']);
    // Everything in flight has ended: the bounds are free again.
    relay.hang(false);
    expect(await send('dev-approver', light)).toMatchObject({ status: 200, code: null });
  });
});
