import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { Database } from './database.ts';
import { logUnexpectedErrors, maskUnexpectedErrors } from './error-masking.ts';
import { createSubgraphMetrics } from './metrics.ts';
import { beginClosing, createApp, createHttpServer, jsonErrorHandler, listen, type RunningServer } from './http-server.ts';
import { whenPromoted } from './process.ts';
import type { Logger } from './logger.ts';
import type { RuntimeMode } from './config.ts';
import type { Caller } from './caller.ts';
import { memoryReplayGuard, redisReplayGuard, type ReplayGuard } from './replay-guard.ts';
import { runInRequestScope } from './request-scope.ts';
import { verifySignedRequest, type SignedIdentity } from './signed-request.ts';
import { traceRequests } from './tracing.ts';

/** What every subgraph's request context starts from. */
export interface RequestInfo {
  /** Correlates one client request across the gateway, every subgraph and the audit trail. */
  readonly requestId: string;
  /** Who is calling, as the gateway vouched for in its signed headers. */
  readonly caller: Caller;
}

export interface SubgraphServerOptions<Context extends BaseContext> {
  readonly name: string;
  readonly schema: GraphQLSchema;
  readonly db: Database;
  /** The pool the reports read (a replica's, or `db`): measured in `/metrics` with the rest. */
  readonly reportDb?: Database;
  readonly logger: Logger;
  readonly mode: RuntimeMode;
  readonly port: number;
  readonly host: string;
  /** Verifies that each request was signed by the gateway. */
  readonly signingSecret: string;
  /**
   * Refuses a signed request seen before. Defaults to one in this process's
   * memory; several replicas share one through Redis (`REDIS_URL`). Closed
   * when the server stops.
   */
  readonly replayGuard?: ReplayGuard;
  /** Where the default replay guard keeps nonces shared by replicas; this process's memory when null. */
  readonly redisUrl?: string | null;
  /** Builds the per-request context (DataLoaders live here, one set per request). */
  readonly createContext: (request: RequestInfo) => Context;
  /**
   * Work that runs beside the server (outbox consumers, workers), given a
   * small pool of its own so it never takes a connection a request waits
   * for, nor shows in a request's statement count. Started once the server
   * listens; stopped before it.
   */
  readonly background?: (db: Database) => readonly BackgroundTask[];
}

/** Something that runs beside a subgraph until it stops. */
export interface BackgroundTask {
  start(): Promise<void> | void;
  stop(): Promise<void>;
  /** For tasks whose health readiness reports (an event listener): false while degraded. */
  healthy?(): boolean;
  readonly name?: string;
}

const BACKGROUND_POOL_SIZE = 3;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface VerifiedRequest extends IncomingMessage {
  rawBody?: Buffer;
  identity?: SignedIdentity;
}

/** The request id sent by the gateway, or a fresh one for direct calls. */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Starts one subgraph: `POST /graphql`, `GET /healthz` (process alive),
 * `GET /readyz` (database answers) and `GET /metrics` (Prometheus). Every GraphQL request, `_service` and
 * `_entities` included, must carry the gateway's signature; anything else is
 * refused with 401 before it reaches GraphQL. Unexpected errors are masked
 * and logged.
 */
export async function startSubgraphServer<Context extends BaseContext>(
  options: SubgraphServerOptions<Context>,
): Promise<RunningServer> {
  const httpServer = createHttpServer();
  const replayGuard = options.replayGuard ?? (options.redisUrl ? await redisReplayGuard(options.redisUrl, options.name, options.logger) : memoryReplayGuard());
  const plugins: ApolloServerPlugin<Context>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    ApolloServerPluginLandingPageDisabled(),
    // Traces are only useful to Apollo's hosted reporting, which this system does not use.
    ApolloServerPluginInlineTraceDisabled(),
    logUnexpectedErrors(options.logger) as ApolloServerPlugin<Context>,
  ];
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    plugins,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // The process entry point owns shutdown order (server, then database pool).
    stopOnTerminationSignals: false,
    formatError: maskUnexpectedErrors(),
  });
  await apollo.start();

  const app = createApp();
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok', service: options.name });
  });
  const metrics = createSubgraphMetrics(options.db, options.reportDb);
  app.get('/metrics', async (_request, response) => {
    response.set('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  // Background tasks are made once the server listens; readiness reads them when asked.
  let started: BackgroundTask[] = [];
  app.get('/readyz', async (_request, response) => {
    const failing: string[] = [];
    try {
      await options.db.ping();
    } catch {
      failing.push('database');
    }
    for (const task of started) if (task.healthy && !task.healthy()) failing.push(task.name ?? 'background task');
    if (failing.length === 0) response.json({ status: 'ready', service: options.name });
    else response.status(503).json({ status: 'unavailable', service: options.name, failing });
  });
  app.use(
    '/graphql',
    traceRequests(options.name),
    (request, response, next) => {
      if (request.method === 'POST') return next();
      response.status(405).set('allow', 'POST').json({ errors: [{ message: 'Subgraphs accept POST only.', extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
    },
    express.json({
      limit: '1mb',
      verify: (request, _response, body) => {
        (request as VerifiedRequest).rawBody = body;
      },
    }),
    async (request, response, next) => {
      const verified = verifySignedRequest(options.signingSecret, (name) => request.get(name), (request as VerifiedRequest).rawBody ?? '');
      const refusal = !verified.ok ? verified.reason : (await replayGuard.firstUse(verified.nonce, verified.usableUntil)) ? null : 'replayed request';
      if (refusal !== null || !verified.ok) {
        options.logger.warn('refused a request not signed by the gateway', { reason: refusal });
        response.status(401).json({ errors: [{ message: 'Requests must come through the gateway.', extensions: { code: 'UNAUTHENTICATED' } }] });
        return;
      }
      (request as VerifiedRequest).identity = verified.identity;
      next();
    },
    // An abandoned request (the gateway timed out, the client went away) cancels its SQL.
    (request, response, next) => {
      const abandoned = new AbortController();
      response.on('close', () => {
        if (!response.writableFinished) abandoned.abort();
      });
      runInRequestScope({ signal: abandoned.signal }, next);
    },
    expressMiddleware(apollo, {
      context: async ({ req }) => options.createContext((req as VerifiedRequest).identity!),
    }),
  );
  app.use(jsonErrorHandler);
  httpServer.on('request', app);

  // A standby has everything built by now and waits here until it takes over.
  await whenPromoted();
  const running = await listen(httpServer, options.port, options.host);
  const backgroundDb = options.background
    ? new Database({ connectionString: options.db.connectionString, applicationName: `${options.name}-background`, maxConnections: BACKGROUND_POOL_SIZE })
    : null;
  const tasks = backgroundDb && options.background ? options.background(backgroundDb) : [];
  started = [];
  const stop = async () => {
    await beginClosing(httpServer);
    for (const task of [...started].reverse()) await task.stop();
    await apollo.stop();
    metrics.stop();
    await replayGuard.close();
    await backgroundDb?.close();
  };
  try {
    for (const task of tasks) {
      await task.start();
      started.push(task);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  options.logger.info('subgraph listening', { url: `${running.url}/graphql`, mode: options.mode, backgroundTasks: tasks.length });
  return { ...running, stop };
}
