import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REDIS_URL, redisAnswers } from '../support/redis.ts';
import { startTcpRelay } from '../support/relay.ts';
import { startStack, type Stack } from '../support/stack.ts';

const available = await redisAnswers(REDIS_URL);

/** Resolves with `work`'s result, or rejects once `ms` have passed: a hang fails the test instead of stalling it. */
const within = <T>(ms: number, work: Promise<T>) =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);

describe.skipIf(!available)('the system while Redis is away', () => {
  let relay: Awaited<ReturnType<typeof startTcpRelay>>;
  let stack: Stack;
  const query = `query RedisAway${randomUUID().replaceAll('-', '')} { partNumber(code: "PN-CAB-0002") { code } }`;
  const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
  const apq = (body: unknown) =>
    fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'dev-analyst' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    const { hostname, port } = new URL(REDIS_URL);
    relay = await startTcpRelay({ host: hostname, port: Number(port || 6379) });
    // Redis is away from the start: the gateway and the subgraphs must start and serve anyway.
    await relay.cut();
    stack = await within(20_000, startStack(inject('databaseUrl'), { gatewayEnv: { REDIS_URL: relay.url, RATE_LIMIT_PER_MINUTE: '1000' }, subgraphRedisUrl: relay.url }));
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await relay?.close();
  });

  it('starts and answers without it, rate limit and persisted queries kept in each process', async () => {
    const plain = await within(5_000, stack.execute('{ partNumber(code: "PN-CAB-0002") { code } }', {}, { 'x-api-key': 'dev-analyst' }));
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual({ data: { partNumber: { code: 'PN-CAB-0002' } } });
    expect(plain.headers.get('ratelimit-limit')).toBe('1000');

    const registered = await within(5_000, apq({ query, extensions }));
    expect(await registered.json()).toEqual({ data: { partNumber: { code: 'PN-CAB-0002' } } });
    const hit = await within(5_000, apq({ extensions }));
    expect(await hit.json()).toEqual({ data: { partNumber: { code: 'PN-CAB-0002' } } });
  });

  it('keeps answering when Redis goes away mid-run, and shares state again once it is back', async () => {
    await relay.restore();
    // The clients reconnect by themselves within their backoff.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const shared = `query RedisBack${randomUUID().replaceAll('-', '')} { partNumber(code: "PN-CAB-0002") { code } }`;
    const sharedExtensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(shared).digest('hex') } };
    expect((await within(5_000, apq({ query: shared, extensions: sharedExtensions }))).status).toBe(200);

    await relay.cut();
    const answers = await within(
      10_000,
      Promise.all(Array.from({ length: 10 }, () => stack.execute('{ partNumber(code: "PN-CAB-0002") { code } }', {}, { 'x-api-key': 'dev-analyst' }))),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    // Seen by this gateway while Redis was there: still a hit from its own memory.
    expect(await (await within(5_000, apq({ extensions: sharedExtensions }))).json()).toEqual({ data: { partNumber: { code: 'PN-CAB-0002' } } });
  });
});
