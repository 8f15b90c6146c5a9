import { Database, type Logger, type RunningServer } from '@inventory/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readConfig } from '../../gateway/src/config.ts';
import { start as startGateway } from '../../gateway/src/server.ts';
import { startStack, subgraphEnvOf, type Stack } from '../support/stack.ts';

describe("the gateway's access log", () => {
  let stack: Stack;
  let gateway: RunningServer;
  let db: Database;
  const lines: { message: string; fields: Record<string, unknown> }[] = [];
  const recording: Logger = {
    debug() {},
    info: (message, fields = {}) => void lines.push({ message, fields }),
    warn() {},
    error() {},
  };

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
    db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-access-log', maxConnections: 2 });
    gateway = await startGateway({
      db,
      logger: recording,
      config: readConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: inject('databaseUrl'), RATE_LIMIT_PER_MINUTE: '0', ...subgraphEnvOf(stack) }),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await db?.close();
    await stack?.stop();
  });

  it('says who called which operation, how it ended and how long it took, under the request id', async () => {
    const send = (key: string, query: string) =>
      fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query }) });
    const answered = await send('dev-analyst', 'query PartForLog { partNumber(code: "PN-CAB-0001") { code } }');
    const refused = await send('dev-analyst', 'mutation Nope { createLocation(input: { code: "LOG-NOPE", name: "Nope", type: WAREHOUSE }) { location { id } } }');
    const requests = lines.filter((line) => line.message === 'request').map((line) => line.fields);
    expect(requests).toContainEqual(
      expect.objectContaining({ requestId: answered.headers.get('x-request-id'), caller: 'dev-analyst', operation: 'PartForLog', type: 'query', outcome: 'success', codes: [] }),
    );
    expect(requests).toContainEqual(
      expect.objectContaining({ requestId: refused.headers.get('x-request-id'), caller: 'dev-analyst', operation: 'Nope', type: 'mutation', outcome: 'client_error', codes: ['FORBIDDEN'] }),
    );
    for (const request of requests) expect(typeof request.ms).toBe('number');
  });
});
