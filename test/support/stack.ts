import { Database, silentLogger, type RunningServer } from '@inventory/platform';
import { start as startApprovals } from '@inventory/approvals/server';
import { start as startCatalog } from '@inventory/catalog/server';
import { start as startCmdb } from '@inventory/cmdb/server';
import { start as startStock } from '@inventory/stock/server';
import { start as startGateway } from '@inventory/gateway/server';
import { readConfig as readGatewayConfig } from '../../gateway/src/config.ts';

const starters = { catalog: startCatalog, stock: startStock, cmdb: startCmdb, approvals: startApprovals } as const;
export type SubgraphName = keyof typeof starters;

export interface GraphQLResponse<Data = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: { data?: Data; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] };
}

export interface Stack {
  readonly gatewayUrl: string;
  readonly subgraphs: Record<SubgraphName, RunningServer>;
  /** Statements each subgraph ran while `work` ran (names, in order). */
  countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: Record<SubgraphName, string[]> }>;
  /** POSTs an operation to the gateway, with the `dev-admin` key unless `headers` has another `x-api-key` (or `''` for none). */
  execute<Data = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<Data>>;
  stop(): Promise<void>;
}

/**
 * The real system in this process: four subgraph servers and the gateway,
 * each on its own free port, talking HTTP to each other and SQL to the test
 * database. Each subgraph has its own pool, so statements are counted per
 * subgraph.
 */
export async function startStack(
  databaseUrl: string,
  {
    subgraphTimeoutMs = 10_000,
    gatewayEnv = {},
    subgraphRedisUrl = null,
  }: { subgraphTimeoutMs?: number; gatewayEnv?: Record<string, string>; subgraphRedisUrl?: string | null } = {},
): Promise<Stack> {
  const config = (name: SubgraphName) => ({ mode: 'test' as const, port: 0, host: '127.0.0.1', signingSecret: `test-secret-${name}`, redisUrl: subgraphRedisUrl });
  const databases = {} as Record<SubgraphName, Database>;
  const subgraphs = {} as Record<SubgraphName, RunningServer>;
  const recording = {} as Record<SubgraphName, string[] | null>;
  for (const name of Object.keys(starters) as SubgraphName[]) {
    const db = new Database({ connectionString: databaseUrl, applicationName: `test-${name}`, maxConnections: 5 });
    recording[name] = null;
    db.observe((event) => recording[name]?.push(event.name));
    databases[name] = db;
    subgraphs[name] = await starters[name]({ db, logger: silentLogger, config: config(name) });
  }
  const gatewayDb = new Database({ connectionString: databaseUrl, applicationName: 'test-gateway', maxConnections: 2 });
  const gatewayConfig = readGatewayConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    SUBGRAPH_TIMEOUT_MS: String(subgraphTimeoutMs),
    ...Object.fromEntries(Object.entries(subgraphs).map(([name, server]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, `${server.url}/graphql`])),
    ...Object.fromEntries(Object.keys(subgraphs).map((name) => [`SUBGRAPH_${name.toUpperCase()}_SECRET`, `test-secret-${name}`])),
    RATE_LIMIT_PER_MINUTE: '0',
    ...gatewayEnv,
  });
  const gateway = await startGateway({ db: gatewayDb, logger: silentLogger, config: gatewayConfig });
  const gatewayUrl = gateway.url;

  return {
    gatewayUrl,
    subgraphs,
    async countStatements(work) {
      for (const name of Object.keys(recording) as SubgraphName[]) recording[name] = [];
      try {
        const result = await work();
        return { result, statements: { ...(recording as Record<SubgraphName, string[]>) } };
      } finally {
        for (const name of Object.keys(recording) as SubgraphName[]) recording[name] = null;
      }
    },
    async execute(query, variables = {}, headers = {}) {
      const response = await fetch(`${gatewayUrl}/graphql`, {
        method: 'POST',
        headers: Object.fromEntries(
          Object.entries({ 'content-type': 'application/json', 'x-api-key': 'dev-admin', ...headers }).filter(([, value]) => value !== ''),
        ),
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse['body'] };
    },
    async stop() {
      await gateway.stop();
      await gatewayDb.close();
      for (const name of Object.keys(subgraphs) as SubgraphName[]) {
        await subgraphs[name].stop();
        await databases[name].close();
      }
    },
  };
}

/** The settings that point another gateway at a stack's subgraphs, with the secrets they expect. */
export function subgraphEnvOf(stack: Pick<Stack, 'subgraphs'>): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(stack.subgraphs).map(([name, server]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, `${server.url}/graphql`])),
    ...Object.fromEntries(Object.keys(stack.subgraphs).map((name) => [`SUBGRAPH_${name.toUpperCase()}_SECRET`, `test-secret-${name}`])),
  };
}
