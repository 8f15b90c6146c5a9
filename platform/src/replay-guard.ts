import { LRUCache } from 'lru-cache';
import type { Logger } from './logger.ts';
import { closeRedis, connectRedis } from './redis.ts';

/**
 * Remembers the nonces of signed requests until their signatures expire, so
 * a captured request cannot be sent again within its validity window.
 */
export interface ReplayGuard {
  /** True the first time `nonce` is seen; false for a replay. Remembers it until `usableUntil` (ms since the epoch). */
  firstUse(nonce: string, usableUntil: number): Promise<boolean>;
  close(): Promise<void>;
}

/** More nonces than a process accepts in a signature's lifetime at any plausible rate. */
const MEMORY_NONCES = 1_000_000;

/**
 * A guard in this process's memory: enough for one replica. Several
 * replicas of a subgraph need `redisReplayGuard`, or a request replayed to
 * another replica would be accepted there once.
 */
export function memoryReplayGuard(max = MEMORY_NONCES): ReplayGuard {
  const seen = new LRUCache<string, true>({ max, ttlAutopurge: false });
  return {
    async firstUse(nonce, usableUntil) {
      if (seen.has(nonce)) return false;
      seen.set(nonce, true, { ttl: Math.max(1, usableUntil - Date.now()) + 1_000 });
      return true;
    },
    async close() {
      seen.clear();
    },
  };
}

/**
 * A guard shared by every replica through Redis (`SET NX` with the
 * signature's remaining lifetime). While Redis cannot be reached each
 * process falls back to its own memory and logs it: replays to the same
 * replica stay refused, and the API stays up.
 */
export async function redisReplayGuard(url: string, subgraph: string, logger: Logger): Promise<ReplayGuard> {
  const client = await connectRedis(url, logger);
  const fallback = memoryReplayGuard();
  return {
    async firstUse(nonce, usableUntil) {
      const ttl = Math.max(1, usableUntil - Date.now()) + 1_000;
      const fresh = await fallback.firstUse(nonce, usableUntil);
      if (!fresh) return false;
      try {
        return (await client.set(`inventory:nonce:${subgraph}:${nonce}`, '1', { condition: 'NX', expiration: { type: 'PX', value: ttl } })) === 'OK';
      } catch {
        // Redis is away (logged once by its client): checked in this process only.
        return true;
      }
    },
    async close() {
      await closeRedis(client);
      await fallback.close();
    },
  };
}
