import type { RequestHandler } from 'express';
import type { Caller } from '@inventory/platform';
import type { Authenticate } from '../auth.ts';
import type { Refuse } from './graphql-error.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticateRequests` for every request that reaches GraphQL. */
    caller?: Caller;
    /** Set by `assignRequestId`. */
    requestId?: string;
  }
}

/** Refuses requests without valid credentials (401); records the caller for the rest of the pipeline. */
export function authenticateRequests(authenticate: Authenticate, refuse: Refuse): RequestHandler {
  return async (request, response, next) => {
    const result = await authenticate({ apiKey: request.get('x-api-key'), authorization: request.get('authorization') });
    if (!result.ok) {
      refuse(response, 401, 'UNAUTHENTICATED', result.message, { 'www-authenticate': 'ApiKey header="x-api-key", Bearer' });
      return;
    }
    request.caller = result.caller;
    next();
  };
}
