import { randomUUID } from 'node:crypto';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSubgraphSchema, Database, signRequest, silentLogger, startSubgraphServer, type RunningServer } from '../src/index.ts';

const SECRET = 'cancellation-test-secret';

describe('a subgraph whose caller gives up', () => {
  let db: Database;
  let observer: Database;
  let server: RunningServer;
  const applicationName = `test-cancel-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    db = new Database({ connectionString: inject('databaseUrl'), applicationName, maxConnections: 2 });
    observer = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-cancel-observer', maxConnections: 1 });
    const schema = createSubgraphSchema(parse('type Query { slow: Int }'), {
      Query: { slow: async () => (await db.query<{ n: number }>('slowStatement', 'SELECT 1 AS n FROM pg_sleep(20)'))[0]!.n },
    });
    server = await startSubgraphServer({
      name: 'cancel-test',
      schema,
      db,
      logger: silentLogger,
      mode: 'test',
      port: 0,
      host: '127.0.0.1',
      signingSecret: SECRET,
      createContext: (request) => request,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    await observer?.close();
  });

  const running = async () =>
    (
      await observer.query<{ n: number }>(
        't',
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND query LIKE '%pg_sleep(20)%'`,
        [applicationName],
      )
    )[0]!.n;

  it('cancels the SQL of a request its caller abandoned', async () => {
    const body = JSON.stringify({ query: '{ slow }' });
    const headers = { 'content-type': 'application/json', ...signRequest(SECRET, { caller: { subject: 'test', roles: ['admin'] }, requestId: randomUUID() }, body) };
    const caller = new AbortController();
    const abandoned = fetch(`${server.url}/graphql`, { method: 'POST', headers, body, signal: caller.signal });
    await expect.poll(running, { interval: 20, timeout: 5_000 }).toBe(1);
    caller.abort();
    await expect(abandoned).rejects.toThrow();
    // Left alone, the statement would run for 20 s.
    await expect.poll(running, { interval: 50, timeout: 3_000 }).toBe(0);
  });
});
