import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { beginClosing, closeRedis, connectRedis, createApp, createHttpServer, jsonErrorHandler, listen, logUnexpectedErrors, traceRequests, whenPromoted, type Database, type Logger, type RunningServer } from '@inventory/platform';
import { createApqCache } from './apq-cache.ts';
import { feedPage, feedStreams } from './feed.ts';
import { accessLog } from './plugins/access-log.ts';
import { mountPartnerDocs } from './partner-docs.ts';
import { createWebhookDispatcher } from './webhooks/dispatcher.ts';
import { webhookRoutes } from './webhooks/routes.ts';

/** How often an open feed stream looks for new events, and how many one caller may hold open. */
const FEED_POLL_MS = 250;
const FEED_STREAMS_PER_CALLER = 5;
const FEED_STREAMS_TOTAL = 1_000;
/** A stream is ended (the client resumes, authenticated again) after this, or when its credential expires. */
const FEED_STREAM_LIFETIME_MS = 300_000;
import { createAuthenticator } from './auth.ts';
import { SUBGRAPH_NAMES, type GatewayConfig, type SubgraphName } from './config.ts';
import type { GatewayContext } from './context.ts';
import { formatGatewayError } from './errors.ts';
import { parseInputScalarsAsSubgraphsDo } from './input-scalars.ts';
import { mountExplorer } from './explorer.ts';
import { authenticateRequests } from './http/authenticate.ts';
import { corsFor } from './http/cors.ts';
import { csvExport } from './http/csv-export.ts';
import { createRefuse } from './http/graphql-error.ts';
import { persistedDocuments } from './http/persisted-documents.ts';
import { limitConcurrency } from './http/concurrency.ts';
import { limitFailedAuthentications, rateLimitPerCaller } from './http/rate-limit.ts';
import { reportBudget } from './plugins/report-budget.ts';
import { assignRequestId } from './http/request-id.ts';
import { queryLimits } from './limits.ts';
import { createMetrics } from './metrics.ts';
import { serveMetrics } from './metrics-endpoint.ts';
import { knownOperationTypes, operationMustResolve } from './operation-types.ts';
import { loadRegisteredOperations, registeredOperationsFirst } from './persisted-operations.ts';
import { getCacheHeaders } from './plugins/get-cache-headers.ts';
import { checkReadiness } from './readiness.ts';
import { createSubgraphFetcher, SubgraphDataSource } from './subgraph-data-source.ts';

export interface GatewayDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly config: GatewayConfig;
}

const READINESS_TIMEOUT_MS = 2_000;

/** The running gateway, and where its Prometheus metrics are served. */
export interface RunningGateway extends RunningServer {
  /** `/metrics` on the public port, or on the metrics port when one is configured. */
  readonly metricsUrl: string;
}

/** Reads the routing URL of every subgraph from the supergraph's `join__Graph` enum. */
export function routingUrlsOf(supergraphSdl: string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const match of supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)) {
    urls[match[1]!] = match[2]!;
  }
  return urls;
}

/**
 * Starts the gateway on the static supergraph in `schema/`:
 * `POST|GET /graphql` (credentials, rate limits, registered operations and
 * APQ, query limits), the explorer at `/`, `/healthz`, `/readyz` and
 * `/metrics`. Tests call this with port 0.
 */
export async function start({ db, logger, config }: GatewayDeps): Promise<RunningGateway> {
  // The gateway reads this switch from the environment when it is constructed;
  // anonymous usage reporting to Apollo is never wanted from this system.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';

  const supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  const subgraphUrls: Record<string, string> = { ...routingUrlsOf(supergraphSdl), ...config.subgraphUrls };
  for (const name of SUBGRAPH_NAMES) {
    if (!subgraphUrls[name]) throw new Error(`the supergraph has no subgraph named ${name}`);
  }
  const registered = loadRegisteredOperations(config.persistedOperationsPath);
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : null;
  const metrics = createMetrics(db);

  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new SubgraphDataSource({
        url: subgraphUrls[name] ?? url,
        logger,
        fetcher: createSubgraphFetcher({
          name,
          timeoutMs: config.subgraphTimeoutMs,
          breakerResetMs: config.subgraphBreakerResetMs,
          signingSecret: config.signingSecrets[name as SubgraphName],
          logger,
          observe: (seconds, outcome) => metrics.observeSubgraphFetch(name, seconds, outcome),
        }),
      }),
    logger: { debug: () => undefined, info: (m) => logger.info(String(m)), warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  // Registered before Apollo Server's own listener, so the schema it serves already parses the custom scalars.
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => parseInputScalarsAsSubgraphsDo(apiSchema));

  const limits = queryLimits(config.limits, config.mode);
  const httpServer = createHttpServer();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Introspection is open to every authenticated caller that reaches
    // GraphQL; partners never do with free text (registered operations only).
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // The process entry point owns shutdown order (server, then database pool).
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    // Credentials travel in headers a browser cannot add to a simple
    // cross-site request, so requiring one of them stops CSRF.
    csrfPrevention: { requestHeaders: ['x-api-key', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name'] },
    persistedQueries: { cache: registeredOperationsFirst(registered, createApqCache(redis, logger)), ttl: 86_400 },
    formatError: formatGatewayError(),
    validationRules: [knownOperationTypes, ...limits.validationRules],
    parseOptions: limits.parseOptions,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      operationMustResolve<GatewayContext>(),
      reportBudget(config.concurrency.reports),
      ...limits.plugins,
      logUnexpectedErrors<GatewayContext>(logger),
      metrics.plugin,
      accessLog(logger),
      getCacheHeaders(config.getCacheMaxAgeSeconds),
    ],
  });
  await apollo.start();

  const app = createApp();
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.get('/readyz', async (_request, response) => {
    const report = await checkReadiness(db, subgraphUrls, READINESS_TIMEOUT_MS);
    response.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'unavailable', checks: report.checks });
  });
  // A standby has its gateway built by now and waits here, before it takes any port, until it takes over.
  await whenPromoted();
  const metricsEndpoint = await serveMetrics(app, config.metrics, config.host, async (_request, response) => {
    response.set('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  mountExplorer(app, registered);
  mountPartnerDocs(app);

  const refuse = createRefuse(metrics.countRefusal);
  const authenticate = await createAuthenticator({
    db,
    devKeys: config.devKeys,
    cacheMs: config.apiKeyCacheMs,
    negativeCacheMs: config.apiKeyNegativeCacheMs,
    jwt: config.jwt,
  });
  const contextOf = async (request: express.Request): Promise<GatewayContext> => ({ requestId: request.requestId!, caller: request.caller! });
  const failedAuthentications = limitFailedAuthentications(config.authFailuresPerMinute, redis, logger);
  // Built once and shared by every authenticated route, so a caller has one
  // rate-limit budget whichever route it calls (in memory as in Redis).
  const cors = corsFor(config.corsOrigins, config.mode);
  const tracing = traceRequests('gateway');
  const authenticated = authenticateRequests(authenticate, failedAuthentications, refuse);
  const budgeted = rateLimitPerCaller(config.rateLimitPerMinute, redis, logger, refuse);
  app.use(
    '/graphql',
    cors,
    tracing,
    express.json({ limit: '1mb' }),
    assignRequestId,
    authenticated,
    budgeted,
    limitConcurrency(config.concurrency, refuse),
    persistedDocuments(registered, refuse),
    csvExport(apollo, registered, refuse, contextOf),
    expressMiddleware(apollo, { context: async ({ req }) => contextOf(req) }),
  );
  // The change feed and webhooks, authenticated and limited like GraphQL requests (schema/events.md).
  const callerRoute = [cors, tracing, assignRequestId, authenticated, budgeted];
  const streams = feedStreams(db, refuse, logger, { pollMs: FEED_POLL_MS, heartbeatMs: 15_000, perCaller: FEED_STREAMS_PER_CALLER, total: FEED_STREAMS_TOTAL, maxLifetimeMs: FEED_STREAM_LIFETIME_MS });
  app.use('/feed', ...callerRoute);
  app.get('/feed', feedPage(db, refuse));
  app.get('/feed/stream', streams.handler);
  app.use('/webhooks', ...callerRoute, webhookRoutes(db, refuse, config.mode === 'production'));
  const dispatcher = createWebhookDispatcher(db, logger, { ...config.webhooks, production: config.mode === 'production' });
  dispatcher.start();
  app.use(jsonErrorHandler);
  httpServer.on('request', app);

  const running = await listen(httpServer, config.port, config.host);
  logger.info('gateway listening', { url: `${running.url}/graphql`, mode: config.mode, redis: redis !== null, metrics: metricsEndpoint.url });
  return {
    ...running,
    metricsUrl: metricsEndpoint.url,
    async stop() {
      // Feed streams end first (their clients resume elsewhere), so closing waits only on ordinary requests.
      streams.closeAll();
      await beginClosing(httpServer);
      await dispatcher.stop();
      await metricsEndpoint.stop();
      await apollo.stop();
      if (redis) await closeRedis(redis);
    },
  };
}
