import { request, Agent } from 'node:http';
import { connect } from 'node:net';
import { Database, silentLogger, type RunningServer } from '@inventory/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readConfig } from '../../gateway/src/config.ts';
import { start as startGateway } from '../../gateway/src/server.ts';
import { startHangableRelay } from '../support/relay.ts';
import { startStack, subgraphEnvOf, type Stack } from '../support/stack.ts';

/** POSTs over a keep-alive connection with node:http, which shows the `connection` header as sent. */
function post(url: string, agent: Agent, body: string): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${url}/graphql`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-api-key': 'dev-analyst' } }, (incoming) => {
      let text = '';
      incoming.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, connection: incoming.headers.connection, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const refusesConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

describe('a gateway asked to stop while it answers', () => {
  let stack: Stack;
  let relay: Awaited<ReturnType<typeof startHangableRelay>>;
  let gateway: RunningServer;
  let db: Database;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
    relay = await startHangableRelay(`${stack.subgraphs.cmdb.url}/graphql`);
    db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-graceful-gateway', maxConnections: 2 });
    gateway = await startGateway({
      db,
      logger: silentLogger,
      config: readConfig({
        NODE_ENV: 'test',
        PORT: '0',
        DATABASE_URL: inject('databaseUrl'),
        RATE_LIMIT_PER_MINUTE: '0',
        SUBGRAPH_TIMEOUT_MS: '1500',
        ...subgraphEnvOf(stack),
        SUBGRAPH_CMDB_URL: relay.url,
      }),
    });
  });
  afterAll(async () => {
    await db?.close();
    relay?.close();
    await stack?.stop();
  });

  it('refuses new connections, answers the request under way and tells its client to close that connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const query = JSON.stringify({ query: '{ asset(id: "1") { serialNumber configurationItem { code } } }' });
    // A first answer leaves a keep-alive connection open, as a busy client's would be.
    expect(await post(gateway.url, agent, query)).toMatchObject({ status: 200, connection: 'keep-alive' });

    relay.hang(true);
    const underWay = post(gateway.url, agent, query);
    await expect.poll(() => relay.reached(), { interval: 20, timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    const stopped = gateway.stop();
    await expect.poll(() => refusesConnections(gateway.port), { interval: 20, timeout: 5_000 }).toBe(true);

    const answer = await underWay;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ data: { asset: { serialNumber: 'SN-000001', configurationItem: null } } });
    // So the client opens a new connection for its next request instead of reusing one the server is about to end.
    expect(answer.connection).toBe('close');
    await stopped;
    agent.destroy();
  });
});
