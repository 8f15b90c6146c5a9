import { Database, silentLogger, type RunningServer } from '@inventory/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readConfig } from '../../gateway/src/config.ts';
import { start as startGateway } from '../../gateway/src/server.ts';
import { startHangableRelay } from '../support/relay.ts';
import { startStack, subgraphEnvOf, type Stack } from '../support/stack.ts';

describe('the gateway in front of a subgraph that hangs', () => {
  let stack: Stack;
  let relay: Awaited<ReturnType<typeof startHangableRelay>>;
  let gateway: RunningServer;
  let db: Database;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
    relay = await startHangableRelay(`${stack.subgraphs.cmdb.url}/graphql`);
    db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-breaker-gateway', maxConnections: 2 });
    gateway = await startGateway({
      db,
      logger: silentLogger,
      config: readConfig({
        NODE_ENV: 'test',
        PORT: '0',
        DATABASE_URL: inject('databaseUrl'),
        RATE_LIMIT_PER_MINUTE: '0',
        SUBGRAPH_TIMEOUT_MS: '300',
        SUBGRAPH_BREAKER_RESET_MS: '500',
        ...subgraphEnvOf(stack),
        SUBGRAPH_CMDB_URL: relay.url,
      }),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await db?.close();
    relay?.close();
    await stack?.stop();
  });

  const headline = async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'dev-analyst' },
      body: JSON.stringify({ query: '{ asset(id: "1") { serialNumber configurationItem { code } } }' }),
    });
    return (await response.json()) as { data: { asset: { serialNumber: string; configurationItem: unknown } | null }; errors?: { path?: unknown[]; extensions: { code: string } }[] };
  };

  it('stops waiting on it after repeated timeouts, answers the rest at once, and closes again once it answers', async () => {
    expect((await headline()).errors).toBeUndefined();
    relay.hang(true);
    const codes: string[] = [];
    for (let n = 0; n < 12; n++) {
      const answer = await headline();
      expect(answer.data.asset?.serialNumber).toBe('SN-000001');
      codes.push(answer.errors![0]!.extensions.code);
    }
    // The first calls wait out the timeout; once the circuit is open no call reaches the hung subgraph.
    const timeouts = codes.filter((code) => code === 'SUBGRAPH_TIMEOUT').length;
    expect(codes.slice(0, timeouts)).toEqual(Array(timeouts).fill('SUBGRAPH_TIMEOUT'));
    expect(timeouts).toBeGreaterThanOrEqual(3);
    expect(timeouts).toBeLessThanOrEqual(5);
    expect(codes.slice(timeouts)).toEqual(Array(12 - timeouts).fill('SUBGRAPH_UNAVAILABLE'));
    const reachedWhileOpen = relay.reached();
    await headline();
    await headline();
    expect(relay.reached()).toBe(reachedWhileOpen);

    relay.hang(false);
    const healed = performance.now();
    await expect.poll(async () => (await headline()).errors === undefined, { interval: 100, timeout: 5_000 }).toBe(true);
    process.stdout.write(`circuit breaker: subgraph answering again, circuit closed after ${Math.round(performance.now() - healed)} ms\n`);
  });

  it('opens after calls that time out one after the other, even when it answered many calls just before it hung', async () => {
    await expect.poll(async () => (await headline()).errors === undefined, { interval: 100, timeout: 5_000 }).toBe(true);
    // A busy moment: plenty of answers in the breaker's window.
    for (let round = 0; round < 4; round++) {
      const answers = await Promise.all(Array.from({ length: 10 }, headline));
      expect(answers.every((answer) => answer.errors === undefined)).toBe(true);
    }
    relay.hang(true);
    // Everything in flight when it hung waits out the timeout.
    const stalled = await Promise.all(Array.from({ length: 6 }, headline));
    expect(stalled.map((answer) => answer.errors![0]!.extensions.code)).toEqual(Array(6).fill('SUBGRAPH_TIMEOUT'));
    // The circuit is open now: the next call fails fast, without reaching the hung subgraph.
    const reached = relay.reached();
    const next = await headline();
    expect(next.data.asset?.serialNumber).toBe('SN-000001');
    expect(next.errors!.map((error) => error.extensions.code)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(relay.reached()).toBe(reached);
    relay.hang(false);
  });
});
