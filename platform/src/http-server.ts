import { createServer, type Server, type ServerResponse } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
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
  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000 });
  const connections = new Map<Socket, { requests: number; idleSince: number }>();
  connectionsOf.set(server, connections);
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { requests: 0, idleSince: performance.now() });
    socket.once('close', () => connections.delete(socket));
  });
  // Once the server is closing, every response, even one already under way,
  // tells its client not to send another request on that connection.
  server.prependListener('request', (request, response: ServerResponse) => {
    const state = connections.get(request.socket);
    if (state) state.requests++;
    response.once('close', () => {
      if (!state) return;
      state.requests--;
      state.idleSince = performance.now();
    });
    const writeHead = response.writeHead;
    response.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
      if (closing.has(server) && !this.headersSent) this.setHeader('connection', 'close');
      return writeHead.apply(this, args);
    } as ServerResponse['writeHead'];
  });
  return server;
}

/** Each server's open connections: requests under way on each, and since when it has been idle. */
const connectionsOf = new WeakMap<Server, Map<Socket, { requests: number; idleSince: number }>>();

const closing = new WeakSet<Server>();

/** How long a closing server keeps answering on open connections, each answer closing its connection, before it stops listening. */
export const CLOSING_GRACE_MS = 500;

/**
 * Starts closing `server` gently: from now on each response closes its
 * connection, and for `graceMs` the server keeps answering, so clients
 * whose connections are busy get their answer and open a new connection
 * instead of sending a request on one the server is about to end (which
 * they would see reset). Call it before stopping the server.
 */
export async function beginClosing(server: Server, graceMs = CLOSING_GRACE_MS): Promise<void> {
  if (closing.has(server)) return;
  closing.add(server);
  if (!server.listening) return;
  // Stop accepting connections (a new one is refused, plainly, and the client tries again
  // elsewhere or later) without closing idle ones yet, as http's own close() would: a
  // request may be on its way on them.
  net.Server.prototype.close.call(server);
  // Meanwhile, connections a client has left idle a while (spare ones in its pool) are
  // closed: none carries a request now, and none would get the Connection: close answer
  // that tells the client to let go of it.
  const deadline = performance.now() + graceMs;
  while (performance.now() < deadline) {
    for (const [socket, state] of connectionsOf.get(server) ?? []) {
      if (state.requests === 0 && performance.now() - state.idleSince >= SPARE_CONNECTION_IDLE_MS) socket.end();
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, Math.max(0, deadline - performance.now()))));
  }
}

/** A connection idle this long while its server closes is a spare in the client's pool. */
const SPARE_CONNECTION_IDLE_MS = 200;

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
    stop: async () => {
      await beginClosing(server);
      // No longer listening by now: close() only waits for the open connections, idle ones closed.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
