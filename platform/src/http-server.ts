import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { isDatabaseUnavailable } from './database.ts';
import { SERVICE_UNAVAILABLE } from './error-masking.ts';

/** A listening HTTP server and how to stop it. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, lets in-flight requests finish, closes idle keep-alive sockets. */
  stop(): Promise<void>;
}

/**
 * An HTTP server not yet listening, so plugins that need it (Apollo's drain
 * plugin) can be built before the request handler exists. Keep-alive is held
 * longer than typical load-balancer idle timeouts so a proxy never reuses a
 * socket this server has just closed.
 */
export function createHttpServer(): Server {
  return createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000 });
}

/** An Express app with the defaults every process shares. */
export function createApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  return app;
}

/**
 * The last middleware of every app: malformed bodies and anything unexpected
 * become a JSON GraphQL-shaped error with a stable code, never an HTML page
 * or a stack trace.
 */
export const jsonErrorHandler: ErrorRequestHandler = (error, _request, response, _next) => {
  if (isDatabaseUnavailable(error)) {
    response.status(503).set('retry-after', '1').json({ errors: [{ message: SERVICE_UNAVAILABLE.message, extensions: { code: SERVICE_UNAVAILABLE.code } }] });
    return;
  }
  const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
  const message =
    status === 413
      ? 'The request body is too large.'
      : status < 500
        ? 'The request body is not valid JSON.'
        : 'Internal server error.';
  response.status(status).json({ errors: [{ message, extensions: { code } }] });
};

/** Binds `server` to `host:port` (0 picks a free port) and resolves once it listens. */
export async function listen(server: Server, port: number, host: string): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${displayHost}:${bound}`,
    port: bound,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
