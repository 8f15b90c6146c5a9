import { Database } from './database.ts';
import type { RunningServer } from './http-server.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { RuntimeMode } from './config.ts';

/** The `start` function every subgraph's `server.ts` exports. */
export type StartSubgraph = (deps: {
  db: Database;
  logger: Logger;
  config: { mode: RuntimeMode; port: number; host: string };
}) => Promise<RunningServer>;

export interface GraphQLResult<Data = any> {
  readonly status: number;
  readonly data?: Data;
  readonly errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface SubgraphUnderTest {
  readonly url: string;
  readonly db: Database;
  /** Names of the SQL statements the last `execute` ran, in order. */
  readonly statements: readonly string[];
  execute<Data = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<Data>>;
  stop(): Promise<void>;
}

/**
 * Starts one subgraph on a free port over a real database, for integration
 * tests that talk to it over HTTP exactly as the gateway does.
 */
export async function startSubgraphForTest(start: StartSubgraph, databaseUrl: string): Promise<SubgraphUnderTest> {
  const db = new Database({ connectionString: databaseUrl, applicationName: 'subgraph-test', maxConnections: 5 });
  let statements: string[] = [];
  db.observe((event) => statements.push(event.name));
  const server = await start({ db, logger: silentLogger, config: { mode: 'test', port: 0, host: '127.0.0.1' } });
  return {
    url: server.url,
    db,
    get statements() {
      return statements;
    },
    async execute(query, variables = {}) {
      statements = [];
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResult, 'status'>;
      return { status: response.status, ...body };
    },
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
