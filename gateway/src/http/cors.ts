import cors from 'cors';
import type { RequestHandler } from 'express';
import type { RuntimeMode } from '@inventory/platform';

/** Headers a browser app may send: its credentials and Apollo's CSRF-safe markers. */
const ALLOWED_HEADERS = ['content-type', 'x-api-key', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id', 'traceparent', 'last-event-id'];
/** Headers a browser app may read: the request id to quote, and the rate-limit budget. */
const EXPOSED_HEADERS = ['x-request-id', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after'];
/** Any port of the loopback names, for local front-end development servers. */
const LOCAL_DEVELOPMENT = /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/;

/**
 * Whether a browser page of `origin` may call the gateway: an origin in
 * `CORS_ORIGINS`, or, outside production, any `http://localhost:<port>` or
 * `http://127.0.0.1:<port>`. In production nothing is allowed unless
 * configured.
 */
export function isAllowedOrigin(origin: string, allowed: readonly string[], mode: RuntimeMode): boolean {
  return allowed.includes(origin) || (mode !== 'production' && LOCAL_DEVELOPMENT.test(origin));
}

/**
 * CORS for `/graphql`, mounted before authentication so a browser's
 * preflight (which carries no credentials) is answered instead of refused
 * with 401. A request from an origin not allowed gets no `Access-Control-*`
 * header, so the browser withholds the answer from the page.
 */
export function corsFor(allowed: readonly string[], mode: RuntimeMode): RequestHandler {
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && isAllowedOrigin(origin, allowed, mode)),
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    // Credentials travel in headers, never cookies.
    credentials: false,
    maxAge: 600,
  });
}
