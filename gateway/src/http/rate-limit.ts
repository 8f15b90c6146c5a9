import type { RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClientType } from 'redis';
import type { Logger } from '@inventory/platform';
import type { Refuse } from './graphql-error.ts';

function createLimiter(points: number, keyPrefix: string, redis: RedisClientType | null): RateLimiterAbstract {
  const options = { points, duration: 60, keyPrefix };
  return redis
    ? new RateLimiterRedis({ ...options, storeClient: redis, useRedisPackage: true, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(options) })
    : new RateLimiterMemory(options);
}

const secondsUntil = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** The standard rate-limit headers (IETF `RateLimit-*` fields) for a budget's state. */
function setRateLimitHeaders(response: Response, limit: number, state: RateLimiterRes): void {
  response.setHeader('ratelimit-limit', String(limit));
  response.setHeader('ratelimit-remaining', String(Math.max(0, state.remainingPoints)));
  response.setHeader('ratelimit-reset', String(secondsUntil(state.msBeforeNext)));
}

/**
 * Limits each caller to `perMinute` requests per minute, counted in Redis
 * when configured (one budget across every replica), otherwise per process.
 * Every answer carries `RateLimit-Limit`, `RateLimit-Remaining` and
 * `RateLimit-Reset`; over the limit: 429 with `Retry-After`. If Redis fails,
 * requests are let through and the failure is logged: a cache outage must
 * not take the API down.
 */
export function rateLimitPerCaller(perMinute: number, redis: RedisClientType | null, logger: Logger, refuse: Refuse): RequestHandler {
  if (perMinute <= 0) return (_request, _response, next) => next();
  const limiter = createLimiter(perMinute, 'inventory:rate', redis);
  return async (request, response, next) => {
    const key = request.caller?.subject ?? request.ip ?? 'unknown';
    try {
      setRateLimitHeaders(response, perMinute, await limiter.consume(key));
      next();
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        setRateLimitHeaders(response, perMinute, rejection);
        const retryAfter = secondsUntil(rejection.msBeforeNext);
        refuse(response, 429, 'RATE_LIMITED', `Too many requests for this key; retry in ${retryAfter} s.`, { 'retry-after': String(retryAfter) });
        return;
      }
      logger.warn('rate limiter unavailable; request let through', { error: rejection });
      next();
    }
  };
}

/** Counts failed authentications per client address, shared across replicas through Redis when configured. */
export interface FailedAuthentications {
  /** Null while the address may still try; else how many seconds it must wait. */
  blockedFor(address: string): Promise<number | null>;
  /** Records one failed attempt from the address. */
  record(address: string): Promise<void>;
}

/**
 * The budget of failed authentications per client address and minute: an
 * address that keeps sending wrong keys is refused before its key is looked
 * up, so guessing keys costs no database work and gets nowhere fast.
 * Successful requests spend nothing. Fails open when Redis is down, like
 * the request rate limit.
 */
export function limitFailedAuthentications(perMinute: number, redis: RedisClientType | null, logger: Logger): FailedAuthentications {
  if (perMinute <= 0) return { blockedFor: async () => null, record: async () => undefined };
  const limiter = createLimiter(perMinute, 'inventory:auth-failures', redis);
  return {
    async blockedFor(address) {
      try {
        const state = await limiter.get(address);
        return state && state.consumedPoints >= perMinute ? secondsUntil(state.msBeforeNext) : null;
      } catch (error) {
        logger.warn('authentication-failure limiter unavailable; request let through', { error });
        return null;
      }
    },
    async record(address) {
      await limiter.penalty(address, 1).catch((error: unknown) => logger.warn('authentication-failure limiter unavailable', { error }));
    },
  };
}
