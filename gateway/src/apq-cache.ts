import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { RedisClientType } from 'redis';

/**
 * Where automatic persisted queries are remembered: in Redis when one is
 * configured, so every gateway replica knows a query any of them has seen,
 * otherwise in this process's memory (bounded, least recently used first).
 */
export function createApqCache(redis: RedisClientType | null, prefix = 'inventory:'): KeyValueCache<string> {
  if (!redis) return new InMemoryLRUCache<string>({ maxSize: 32 * 1024 * 1024 });
  return {
    async get(key: string) {
      return (await redis.get(prefix + key)) ?? undefined;
    },
    async set(key: string, value: string, options?: KeyValueCacheSetOptions) {
      const ttl = options?.ttl;
      await (ttl ? redis.set(prefix + key, value, { EX: ttl }) : redis.set(prefix + key, value));
    },
    async delete(key: string) {
      return (await redis.del(prefix + key)) > 0;
    },
  };
}
