import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import pg from 'pg';
import { currentRequestScope } from './request-scope.ts';
import { tracer } from './tracing.ts';

/** What a module that runs SQL needs: a pool-backed `Database` or one transaction. */
export interface Queryable {
  /**
   * Runs one parameterised statement and returns its rows.
   * `name` identifies the statement in logs and metrics; it is never sent as
   * a prepared-statement name, so the same text may be reused freely.
   */
  query<Row>(name: string, text: string, values?: readonly unknown[]): Promise<Row[]>;
}

/** One executed statement, as seen by observers (never its parameters). */
export interface StatementEvent {
  readonly name: string;
  readonly durationMs: number;
  readonly rowCount: number;
  readonly failed: boolean;
}

export type StatementObserver = (event: StatementEvent) => void;

export interface DatabaseOptions {
  readonly connectionString: string;
  /** Shown in `pg_stat_activity.application_name`. */
  readonly applicationName: string;
  readonly maxConnections?: number;
  /** Server-side limit for any single statement; keep it below the gateway's subgraph timeout. */
  readonly statementTimeoutMs?: number;
}

/**
 * The database could not be reached or dropped the connection: the
 * statement may not have run, and trying again shortly may work. Clients
 * get the retryable `SERVICE_UNAVAILABLE` for it, never a masked internal
 * error.
 */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The database is unavailable.', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** A statement cancelled because the request it worked for was abandoned: nobody is waiting for its answer. */
export class StatementCancelledError extends Error {
  constructor(cause?: unknown) {
    super('The request was abandoned; its statement was cancelled.', { cause });
    this.name = 'StatementCancelledError';
  }
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
/** Server answers that mean "not now", not "this statement is wrong". */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket failures Node reports while connecting or mid-statement. */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** node-postgres's own connection failures carry no code, only these messages. */
const UNAVAILABLE_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly)/;

/** Whether `error` says the database could not be reached or lost the connection, rather than refusing a statement. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const code = sqlState(error);
  if (code !== undefined && SQLSTATE.test(code)) return code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code);
  if (code !== undefined && UNAVAILABLE_SOCKET_CODES.has(code)) return true;
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return error instanceof Error && UNAVAILABLE_MESSAGES.test(error.message);
}

const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

/**
 * Values come back as text where JavaScript numbers would lose information:
 * `numeric` (exact decimals) and `int8` (identifiers) stay strings; `date`
 * stays the `YYYY-MM-DD` the server sent instead of a local-midnight Date.
 */
const typeParsers = {
  getTypeParser(oid: number, format?: string) {
    if (oid === pg.types.builtins.DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/**
 * The only path from this code base to PostgreSQL. Every statement is timed
 * and reported to observers (metrics, per-request statement counts in tests);
 * parameters are never logged.
 */
export class Database implements Queryable {
  readonly pool: pg.Pool;
  /** For what needs a connection of its own, outside the pool (LISTEN). */
  readonly connectionString: string;
  readonly #observers = new Set<StatementObserver>();

  constructor(options: DatabaseOptions) {
    this.connectionString = options.connectionString;
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      application_name: options.applicationName,
      max: options.maxConnections ?? 10,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
      statement_timeout: options.statementTimeoutMs ?? 5_000,
      types: typeParsers,
    });
    // An idle client that loses its connection must not crash the process;
    // the pool discards it and the next checkout opens a new one.
    this.pool.on('error', () => undefined);
  }

  /** Subscribes to every statement this database runs; returns the unsubscribe function. */
  observe(observer: StatementObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  async query<Row>(name: string, text: string, values: readonly unknown[] = []): Promise<Row[]> {
    // A client of our own rather than pool.query, so an abandoned request can cancel its statement.
    const { client, release } = await this.#checkout();
    try {
      return await this.#run(client, name, text, values);
    } finally {
      release(false);
    }
  }

  /**
   * Checks a client out of the pool, watching it for errors while it is out:
   * pg-pool listens only on idle clients, so a connection that dies while
   * checked out (a server restart, 57P01) would otherwise be an unhandled
   * 'error' event that ends the process. Such a client fails its next
   * statement and is discarded on release.
   */
  async #checkout(): Promise<{ client: pg.PoolClient; release(broken: boolean): void }> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw new DatabaseUnavailableError(error);
    });
    let lost = false;
    const onError = () => {
      lost = true;
    };
    client.on('error', onError);
    return {
      client,
      release(broken) {
        const discard = broken || lost;
        // A dead connection may still report errors while it is being closed.
        if (discard) client.on('error', () => undefined);
        client.off('error', onError);
        client.release(discard);
      },
    };
  }

  /**
   * Runs `work` inside one transaction on one client, committing when it
   * resolves and rolling back when it throws. Serialization failures and
   * deadlocks are retried (`work` must therefore be safe to run again).
   */
  async transaction<T>(
    work: (tx: Queryable) => Promise<T>,
    { isolation = 'READ COMMITTED', retries = 3 }: { isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE'; retries?: number } = {},
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const { client, release } = await this.#checkout();
      let broken = false;
      try {
        await this.#run(client, 'begin', `BEGIN ISOLATION LEVEL ${isolation}`, []);
        const tx: Queryable = { query: (name, text, values = []) => this.#run(client, name, text, values) };
        const result = await work(tx);
        await this.#run(client, 'commit', 'COMMIT', []);
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        if (attempt < retries && TRANSIENT_SQLSTATES.has(sqlState(error) ?? '')) continue;
        throw error;
      } finally {
        release(broken);
      }
    }
  }

  /** Resolves when the server answers a trivial statement. */
  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Asks the server to cancel what `client`'s session is running, from another connection. */
  async #cancel(client: pg.PoolClient): Promise<void> {
    const pid = (client as pg.PoolClient & { processID?: number }).processID;
    if (!pid) return;
    await this.pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
  }

  async #run<Row>(client: pg.PoolClient, name: string, text: string, values: readonly unknown[]): Promise<Row[]> {
    const started = performance.now();
    let rowCount = 0;
    let failed = false;
    // The span names the statement, never its parameters.
    const span = tracer.startSpan(`db ${name}`, { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.operation.name': name } });
    const signal = currentRequestScope()?.signal;
    const cancel = () => void this.#cancel(client);
    try {
      if (signal?.aborted) throw new StatementCancelledError();
      signal?.addEventListener('abort', cancel, { once: true });
      const result = await client.query(text, values as unknown[]);
      rowCount = result.rowCount ?? 0;
      return result.rows as Row[];
    } catch (error) {
      if (signal?.aborted && (error instanceof StatementCancelledError || sqlState(error) === '57014')) {
        failed = true;
        throw error instanceof StatementCancelledError ? error : new StatementCancelledError(error);
      }
      failed = true;
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw isDatabaseUnavailable(error) && !(error instanceof DatabaseUnavailableError) ? new DatabaseUnavailableError(error) : error;
    } finally {
      signal?.removeEventListener('abort', cancel);
      span.end();
      const event: StatementEvent = { name, durationMs: performance.now() - started, rowCount, failed };
      for (const observer of this.#observers) observer(event);
    }
  }
}

/** The SQLSTATE of a PostgreSQL error, if `error` is one. Branch on this, never on message text. */
export function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** The constraint a PostgreSQL integrity error names, if any. */
export function violatedConstraint(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'constraint' in error && typeof error.constraint === 'string'
    ? error.constraint
    : undefined;
}
