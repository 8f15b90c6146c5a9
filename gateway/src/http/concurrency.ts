import type { RequestHandler } from 'express';
import type { Refuse } from './graphql-error.ts';

export interface ConcurrencyLimits {
  /** Requests in flight at once in this gateway process; past it, 503 `OVERLOADED`. */
  readonly total: number;
  /** Requests in flight at once for one caller; past it, 429 `RATE_LIMITED`. */
  readonly perCaller: number;
}

/**
 * Bounds the requests in flight, in total and per caller, so a burst sheds
 * load at once (with `Retry-After`) instead of slowing every other client.
 * Runs after authentication, so the caller is known; a request counts
 * until its response has been sent or its connection closed. 0 turns a
 * bound off.
 */
export function limitConcurrency(limits: ConcurrencyLimits, refuse: Refuse): RequestHandler {
  let total = 0;
  const perCaller = new Map<string, number>();
  return (request, response, next) => {
    const caller = request.caller?.subject ?? request.ip ?? 'unknown';
    const mine = perCaller.get(caller) ?? 0;
    if (limits.total > 0 && total >= limits.total) {
      refuse(response, 503, 'OVERLOADED', 'The service is at capacity; retry shortly.', { 'retry-after': '1' });
      return;
    }
    if (limits.perCaller > 0 && mine >= limits.perCaller) {
      refuse(response, 429, 'RATE_LIMITED', `This key already has ${mine} requests in flight; wait for one to finish.`, { 'retry-after': '1' });
      return;
    }
    total++;
    perCaller.set(caller, mine + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      total--;
      const left = (perCaller.get(caller) ?? 1) - 1;
      if (left <= 0) perCaller.delete(caller);
      else perCaller.set(caller, left);
    };
    response.on('finish', release);
    response.on('close', release);
    next();
  };
}
