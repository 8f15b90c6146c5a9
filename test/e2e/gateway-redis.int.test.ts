import { createHash, randomUUID } from 'node:crypto';
import { Database } from '@inventory/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiKey } from '../../gateway/src/api-keys.ts';
import { REDIS_URL, redisAnswers } from '../support/redis.ts';
import { startStack, type Stack } from '../support/stack.ts';


const available = await redisAnswers(REDIS_URL);

describe.skipIf(!available)('two gateway replicas sharing Redis', () => {
  let first: Stack;
  let second: Stack;
  let db: Database;
  // Keys of this run's own: budgets in Redis outlive a run, and other runs share the server.
  const keys: string[] = [];

  beforeAll(async () => {
    const gatewayEnv = { REDIS_URL, RATE_LIMIT_PER_MINUTE: '4' };
    first = await startStack(inject('databaseUrl'), { gatewayEnv });
    second = await startStack(inject('databaseUrl'), { gatewayEnv });
    db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-redis' });
    for (const purpose of ['apq', 'budget']) {
      const created = await createApiKey(db, { name: `redis-${purpose}-${randomUUID().slice(0, 8)}`, roles: ['analyst'] }, { subject: 'test', roles: ['admin'] });
      if (!created.ok) throw new Error(created.message);
      keys.push(created.key);
    }
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await db?.close();
  });

  it('know an automatic persisted query that only one of them was sent', async () => {
    const query = `query SharedApq${randomUUID().replaceAll('-', '')} { partNumber(code: "PN-CAB-0002") { code } }`;
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    const send = (stack: Stack, body: unknown) =>
      fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': keys[0]! }, body: JSON.stringify(body) }).then(
        (response) => response.json(),
      );
    expect(await send(second, { extensions })).toMatchObject({ errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
    expect(await send(first, { query, extensions })).toEqual({ data: { partNumber: { code: 'PN-CAB-0002' } } });
    expect(await send(second, { extensions })).toEqual({ data: { partNumber: { code: 'PN-CAB-0002' } } });
  });

  it('count one rate-limit budget per key across replicas', async () => {
    const statuses = [];
    for (const stack of [first, second, first, second, first]) {
      statuses.push((await stack.execute('{ __typename }', {}, { 'x-api-key': keys[1]! })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});
