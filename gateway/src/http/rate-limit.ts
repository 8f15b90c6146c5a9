import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisClientType } from 'redis';
import type { Logger } from '@inventory/platform';
import type { Refuse } from './graphql-error.ts';

/**
 * Limits each caller to `perMinute` requests per minute, counted in Redis
 * when configured (one budget across every replica), otherwise per process.
 * Over the limit: 429 with `Retry-After`. If Redis fails, requests are let
 * through and the failure is logged: a cache outage must not take the API down.
 */
export function rateLimitPerCaller(perMinute: number, redis: RedisClientType | null, logger: Logger, refuse: Refuse): RequestHandler {
  if (perMinute <= 0) return (_request, _response, next) => next();
  const options = { points: perMinute, duration: 60, keyPrefix: 'inventory:rate' };
  const limiter = redis
    ? new RateLimiterRedis({ ...options, storeClient: redis, useRedisPackage: true, insuranceLimiter: new RateLimiterMemory(options) })
    : new RateLimiterMemory(options);
  return async (request, response, next) => {
    const key = request.caller?.subject ?? request.ip ?? 'unknown';
    try {
      const state = await limiter.consume(key);
      response.setHeader('x-ratelimit-remaining', String(state.remainingPoints));
      next();
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        refuse(response, 429, 'RATE_LIMITED', `Too many requests for this key; retry in ${retryAfter} s.`, { 'retry-after': String(retryAfter) });
        return;
      }
      logger.warn('rate limiter unavailable; request let through', { error: rejection });
      next();
    }
  };
}
