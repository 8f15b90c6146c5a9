import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Role } from './caller.ts';
import { Database } from './database.ts';
import { signRequest } from './signed-request.ts';
import type { RunningServer } from './http-server.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { RuntimeMode } from './config.ts';

/** The `start` function every subgraph's `server.ts` exports. */
export type StartSubgraph = (deps: {
  db: Database;
  reportDb?: Database;
  logger: Logger;
  config: { mode: RuntimeMode; port: number; host: string; signingSecret: string };
}) => Promise<RunningServer>;

export interface GraphQLResult<Data = any> {
  readonly status: number;
  readonly data?: Data;
  readonly errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface SubgraphUnderTest {
  readonly url: string;
  readonly db: Database;
  /** Names of the SQL statements the last `execute` ran on the primary's pool, in order. */
  readonly statements: readonly string[];
  /** Names of the SQL statements the last `execute` ran on the report pool, when the subgraph was given one. */
  readonly reportStatements: readonly string[];
  /**
   * POSTs an operation signed as the gateway would sign it, for a caller with
   * role `as` (default `admin`); `signed: false` sends it unsigned.
   */
  execute<Data = any>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { as?: Role; signed?: boolean; headers?: Record<string, string> },
  ): Promise<GraphQLResult<Data>>;
  stop(): Promise<void>;
}

/**
 * Starts one subgraph on a free port over a real database, for integration
 * tests that talk to it over HTTP exactly as the gateway does.
 */
export const TEST_SIGNING_SECRET = 'test-signing-secret';

export async function startSubgraphForTest(
  start: StartSubgraph,
  databaseUrl: string,
  { reportDatabaseUrl }: { reportDatabaseUrl?: string } = {},
): Promise<SubgraphUnderTest> {
  const db = new Database({ connectionString: databaseUrl, applicationName: 'subgraph-test', maxConnections: 5 });
  // A pool of its own for the reports (a replica's URL, or the same database under another name), counted apart.
  const reportDb = reportDatabaseUrl ? new Database({ connectionString: reportDatabaseUrl, applicationName: 'subgraph-test-reports', maxConnections: 5 }) : undefined;
  let statements: string[] = [];
  let reportStatements: string[] = [];
  db.observe((event) => statements.push(event.name));
  reportDb?.observe((event) => reportStatements.push(event.name));
  const server = await start({
    db,
    ...(reportDb ? { reportDb } : {}),
    logger: silentLogger,
    config: { mode: 'test', port: 0, host: '127.0.0.1', signingSecret: TEST_SIGNING_SECRET },
  });
  return {
    url: server.url,
    db,
    get statements() {
      return statements;
    },
    get reportStatements() {
      return reportStatements;
    },
    async execute(query, variables = {}, { as = 'admin', signed = true, headers = {} } = {}) {
      statements = [];
      reportStatements = [];
      const requestBody = JSON.stringify({ query, variables });
      const identity = { caller: { subject: `test-${as}`, roles: [as] }, requestId: randomUUID() };
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(signed ? signRequest(TEST_SIGNING_SECRET, identity, requestBody) : {}), ...headers },
        body: requestBody,
      });
      const body = (await response.json()) as Omit<GraphQLResult, 'status'>;
      return { status: response.status, ...body };
    },
    async stop() {
      await server.stop();
      await reportDb?.close();
      await db.close();
    },
  };
}

/** A short random tag that keeps a test's codes and names apart from the demo data and from every other test. */
export function uniqueTag(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

/** A payload with `userErrors`, as every mutation returns. */
export interface WithUserErrors {
  readonly userErrors: readonly { code: string; field: readonly string[] | null; message?: string }[];
}

/**
 * Runs the mutation `field(input: $input)` (its input type `<Field>Input`
 * unless `inputType` says otherwise) as `as` (default `operator`), selecting
 * `selection` and `userErrors`, and returns its payload. Fails the test on
 * top-level errors.
 */
export async function mutate<Payload = any>(
  subgraph: Pick<SubgraphUnderTest, 'execute'>,
  field: string,
  selection: string,
  input: Record<string, unknown>,
  { as = 'operator', inputType = `${field[0]!.toUpperCase()}${field.slice(1)}Input` }: { as?: Role; inputType?: string } = {},
): Promise<Payload & WithUserErrors> {
  const { data, errors } = await subgraph.execute(
    `mutation ($input: ${inputType}!) { ${field}(input: $input) { ${selection} userErrors { field message code } } }`,
    { input },
    { as },
  );
  expect(errors, JSON.stringify(errors)).toBeUndefined();
  return data[field];
}

/** Like `mutate` for a mutation that must succeed: fails the test on any `userErrors`. */
export async function mutateOk<Payload = any>(...args: Parameters<typeof mutate>): Promise<Payload & WithUserErrors> {
  const payload = await mutate<Payload>(...args);
  expect(payload.userErrors).toEqual([]);
  return payload;
}

/** The codes and fields of a payload's `userErrors`, as `CODE:input.field`. */
export function refusals(payload: WithUserErrors): string[] {
  return payload.userErrors.map((error) => `${error.code}:${error.field?.join('.') ?? ''}`);
}
