import type { RequestHandler } from 'express';
import type { Caller } from '@inventory/platform';
import type { Authenticate } from '../auth.ts';
import type { Refuse } from './graphql-error.ts';
import type { FailedAuthentications } from './rate-limit.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticateRequests` for every request that reaches GraphQL. */
    caller?: Caller;
    /** Set by `assignRequestId`. */
    requestId?: string;
  }
}

/**
 * Refuses requests without valid credentials (401); records the caller for
 * the rest of the pipeline. A client address over its budget of failed
 * attempts is refused (429) before its credentials are even looked at.
 */
export function authenticateRequests(authenticate: Authenticate, failures: FailedAuthentications, refuse: Refuse): RequestHandler {
  return async (request, response, next) => {
    const address = request.ip ?? 'unknown';
    const blocked = await failures.blockedFor(address);
    if (blocked !== null) {
      refuse(response, 429, 'RATE_LIMITED', `Too many failed authentications from this address; retry in ${blocked} s.`, { 'retry-after': String(blocked) });
      return;
    }
    const result = await authenticate({ apiKey: request.get('x-api-key'), authorization: request.get('authorization') });
    if (!result.ok) {
      await failures.record(address);
      refuse(response, 401, 'UNAUTHENTICATED', result.message, { 'www-authenticate': 'ApiKey header="x-api-key", Bearer' });
      return;
    }
    request.caller = result.caller;
    next();
  };
}
