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
import { GraphQLError } from 'graphql';
import {
  createApp,
  createHttpServer,
  jsonErrorHandler,
  listen,
  requestIdOf,
  type Database,
  type Logger,
  type RunningServer,
} from '@inventory/platform';
import { SUBGRAPH_NAMES, type GatewayConfig, type SubgraphName } from './config.ts';
import { createAuthenticator } from './auth.ts';
import type { GatewayContext } from './context.ts';
import { formatGatewayError } from './errors.ts';
import { checkReadiness } from './readiness.ts';
import { createSubgraphFetcher, SubgraphDataSource } from './subgraph-data-source.ts';

export interface GatewayDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly config: GatewayConfig;
}

const READINESS_TIMEOUT_MS = 2_000;

/** Reads the routing URL of every subgraph from the supergraph's `join__Graph` enum. */
export function routingUrlsOf(supergraphSdl: string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const match of supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)) {
    urls[match[1]!] = match[2]!;
  }
  return urls;
}

/**
 * Starts the gateway: `POST|GET /graphql` over the static supergraph in
 * `schema/`, `GET /healthz` and `GET /readyz`. Tests call this with port 0.
 */
export async function start({ db, logger, config }: GatewayDeps): Promise<RunningServer> {
  // The gateway reads this switch from the environment when it is constructed;
  // anonymous usage reporting to Apollo is never wanted from this system.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';

  const supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  const subgraphUrls: Record<string, string> = { ...routingUrlsOf(supergraphSdl), ...config.subgraphUrls };
  for (const name of SUBGRAPH_NAMES) {
    if (!subgraphUrls[name]) throw new Error(`the supergraph has no subgraph named ${name}`);
  }
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new SubgraphDataSource({
        url: subgraphUrls[name] ?? url,
        fetcher: createSubgraphFetcher(config.subgraphTimeoutMs, config.signingSecrets[name as SubgraphName], logger),
      }),
    logger: { debug: () => undefined, info: (m) => logger.info(String(m)), warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });

  const httpServer = createHttpServer();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // The process entry point owns shutdown order (server, then database pool).
    stopOnTerminationSignals: false,
    formatError: formatGatewayError(logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
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
  const authenticate = createAuthenticator({ db, devKeys: config.devKeys, cacheMs: config.apiKeyCacheMs });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      async context({ req, res }) {
        const requestId = requestIdOf(req);
        res.setHeader('x-request-id', requestId);
        const authentication = await authenticate({ apiKey: req.get('x-api-key') });
        if (!authentication.ok) {
          throw new GraphQLError(authentication.message, {
            extensions: { code: authentication.code, http: { status: 401, headers: new Map([['www-authenticate', 'ApiKey header="x-api-key"']]) } },
          });
        }
        return { requestId, caller: authentication.caller };
      },
    }),
  );
  app.use(jsonErrorHandler);
  httpServer.on('request', app);

  const running = await listen(httpServer, config.port, config.host);
  logger.info('gateway listening', { url: `${running.url}/graphql`, mode: config.mode });
  return {
    ...running,
    async stop() {
      await apollo.stop();
    },
  };
}
