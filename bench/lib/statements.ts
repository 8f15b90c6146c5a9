import pg from 'pg';

/** SQL statements per request, as counted by the server (pg_stat_statements), by the schema they touch. */
export interface StatementCount {
  readonly perRequest: number;
  readonly bySchema: Record<string, number>;
  /** Server execution time of those statements per request (ms). */
  readonly sqlMsPerRequest: number;
  /** Sequential scans of the tables per request (0 means every read used an index). */
  readonly seqScansPerRequest: number;
  readonly seqScannedTables: readonly string[];
  readonly requests: number;
}

const SCHEMAS = ['catalog', 'stock', 'cmdb', 'approvals', 'gateway', 'outbox'] as const;

/** The outbox consumers' polling query, which runs every few seconds whatever the load: not part of any request. */
const OUTBOX_POLL = /FROM outbox\.event e\s+WHERE e\.topic = ANY/;

function schemaOf(query: string): string {
  if (OUTBOX_POLL.test(query)) return 'background';
  for (const schema of SCHEMAS) if (query.includes(`${schema}.`)) return schema;
  return 'other';
}

interface Snapshot {
  readonly calls: Map<string, number>;
  readonly ms: number;
  readonly scans: Map<string, number>;
}

/**
 * Counts statements with pg_stat_statements: reset, run `work` (requests
 * sent one after another), read the counters; then the same over an idle
 * window of the same length, subtracted as background. The outbox
 * consumers' polling query is left out altogether (it runs every few
 * seconds whatever the load). Table statistics give the sequential scans
 * (started or restarted, so a nested loop over a tiny table counts many).
 */
export async function countStatements(databaseUrl: string, requests: number, work: () => Promise<void>): Promise<StatementCount> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-statements' });
  await client.connect();
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_100));
  const snapshot = async (): Promise<Snapshot> => {
    const { rows } = await client.query<{ query: string; calls: string; ms: number }>(
      `SELECT query, calls, total_exec_time AS ms FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT ILIKE '%pg_stat%'`,
    );
    const calls = new Map<string, number>();
    let ms = 0;
    for (const row of rows) {
      const schema = schemaOf(row.query);
      calls.set(schema, (calls.get(schema) ?? 0) + Number(row.calls));
      ms += row.ms;
    }
    const scanRows = await client.query<{ name: string; seq_scan: string }>(
      `SELECT schemaname || '.' || relname AS name, seq_scan FROM pg_stat_user_tables WHERE schemaname = ANY($1::text[])`,
      [SCHEMAS],
    );
    return { calls, ms, scans: new Map(scanRows.rows.map((row) => [row.name, Number(row.seq_scan)])) };
  };
  try {
    await settle();
    const before = await snapshot();
    await client.query('SELECT pg_stat_statements_reset()');
    const started = performance.now();
    await work();
    const elapsed = performance.now() - started;
    await settle();
    const during = await snapshot();
    await client.query('SELECT pg_stat_statements_reset()');
    await new Promise((resolve) => setTimeout(resolve, elapsed));
    const idle = await snapshot();

    const bySchema: Record<string, number> = {};
    let total = 0;
    for (const schema of [...SCHEMAS, 'other']) {
      const count = Math.max(0, (during.calls.get(schema) ?? 0) - (idle.calls.get(schema) ?? 0));
      if (count > 0) bySchema[schema] = Math.round((count / requests) * 100) / 100;
      total += count;
    }
    const scanned: string[] = [];
    let scans = 0;
    for (const [table, count] of during.scans) {
      const delta = count - (before.scans.get(table) ?? 0);
      if (delta > 0) {
        scans += delta;
        scanned.push(`${table} (${delta})`);
      }
    }
    return {
      perRequest: Math.round((total / requests) * 100) / 100,
      bySchema,
      sqlMsPerRequest: Math.round(((during.ms - idle.ms) / requests) * 1000) / 1000,
      seqScansPerRequest: Math.round((scans / requests) * 100) / 100,
      seqScannedTables: scanned,
      requests,
    };
  } finally {
    await client.end();
  }
}
