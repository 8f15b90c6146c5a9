import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Logger } from '@inventory/platform';
import type { RedisClientType } from 'redis';

const memoryCache = () => new InMemoryLRUCache<string>({ maxSize: 32 * 1024 * 1024 });

/**
 * Where automatic persisted queries are remembered: in Redis when one is
 * configured, so every gateway replica knows a query any of them has seen,
 * otherwise in this process's memory (bounded, least recently used first).
 * With Redis, each query is kept in this process's memory too, so while Redis
 * is away a query this replica has seen still hits and a new one is simply a
 * miss (the client sends it again in full, as the APQ protocol expects),
 * never an error.
 */
export function createApqCache(redis: RedisClientType | null, logger: Logger, prefix = 'inventory:'): KeyValueCache<string> {
  const memory = memoryCache();
  if (!redis) return memory;
  return {
    async get(key: string) {
      try {
        const shared = await redis.get(prefix + key);
        if (shared !== null) return shared;
      } catch {
        // Redis is away (its client logs that once): this process's memory answers.
      }
      return memory.get(key);
    },
    async set(key: string, value: string, options?: KeyValueCacheSetOptions) {
      await memory.set(key, value, options);
      const ttl = options?.ttl;
      try {
        await (ttl ? redis.set(prefix + key, value, { EX: ttl }) : redis.set(prefix + key, value));
      } catch (error) {
        logger.debug('automatic persisted query kept in this process only', { error: (error as Error).message });
      }
    },
    async delete(key: string) {
      await memory.delete(key);
      try {
        return (await redis.del(prefix + key)) > 0;
      } catch {
        return false;
      }
    },
  };
}
