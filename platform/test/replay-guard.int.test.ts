import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAnswers } from '../../test/support/redis.ts';
import { memoryReplayGuard, redisReplayGuard, silentLogger, type ReplayGuard } from '../src/index.ts';

const redisAvailable = await redisAnswers(REDIS_URL);

describe('the replay guard of signed requests', () => {
  it('accepts a nonce once within its lifetime, and again once it has expired', async () => {
    const guard = memoryReplayGuard();
    const nonce = randomUUID();
    expect(await guard.firstUse(nonce, Date.now() + 60_000)).toBe(true);
    expect(await guard.firstUse(nonce, Date.now() + 60_000)).toBe(false);
    expect(await guard.firstUse(randomUUID(), Date.now() + 60_000)).toBe(true);
  });

  describe.skipIf(!redisAvailable)('shared by replicas through Redis', () => {
    let replicas: ReplayGuard[];
    beforeAll(async () => {
      replicas = [await redisReplayGuard(REDIS_URL, 'test', silentLogger), await redisReplayGuard(REDIS_URL, 'test', silentLogger)];
    });
    afterAll(async () => {
      for (const replica of replicas ?? []) await replica.close();
    });

    it('refuses at one replica a nonce another replica accepted', async () => {
      const nonce = randomUUID();
      expect(await replicas[0]!.firstUse(nonce, Date.now() + 60_000)).toBe(true);
      expect(await replicas[1]!.firstUse(nonce, Date.now() + 60_000)).toBe(false);
      expect(await replicas[0]!.firstUse(nonce, Date.now() + 60_000)).toBe(false);
    });

    it('lets exactly one of many concurrent uses of a nonce through', async () => {
      const nonce = randomUUID();
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, n) => replicas[n % 2]!.firstUse(nonce, Date.now() + 60_000)));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });
  });
});
