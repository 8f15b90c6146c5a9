/**
 * npm run seed:large [-- --scale large|small|<factor>] [--force]: loads the large benchmark
 * dataset (scripts/lib/large-data.ts) into the database at DATABASE_URL,
 * creating that database and applying the migrations first when needed.
 * Every table is filled with one COPY stream, all in one transaction; then
 * identities are moved past the explicit ids, the tables analysed, and the
 * balances checked against the ledger. Refuses a database that already has
 * part numbers, so it never writes into a dev or test database's data.
 */
import { EnvReader, readRuntimeMode } from '@inventory/platform';
import { databaseUrlOf, ensureDatabase } from './lib/embedded-postgres.ts';
import { migrate } from './lib/migrate.ts';
import { seedLarge } from './lib/seed-large.ts';

const say = (text: string) => process.stdout.write(`${text}\n`);

/** `--scale large` (1), `--scale small` (0.05) or a factor such as `0.1`. */
function readScale(argv: readonly string[]): number {
  const index = argv.indexOf('--scale');
  const value = index >= 0 ? argv[index + 1] : argv.find((arg) => arg.startsWith('--scale='))?.slice('--scale='.length);
  if (value === undefined || value === 'large') return 1;
  if (value === 'small') return 0.05;
  const factor = Number(value);
  if (!Number.isFinite(factor) || factor <= 0 || factor > 4) throw new Error(`--scale must be large, small or a factor in (0, 4], not ${value}`);
  return factor;
}

async function main(): Promise<void> {
  const env = new EnvReader(process.env);
  const databaseUrl = env.required('DATABASE_URL');
  if (readRuntimeMode(env) === 'production') env.problem('the benchmark dataset is never loaded in production');
  env.done();
  const scale = readScale(process.argv.slice(2));
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  // `inventory` is the database `npm start` uses; test runs make `test` and `inventory_test_*`.
  if ((name === 'inventory' || name === 'postgres' || /test/.test(name)) && !process.argv.includes('--force')) {
    throw new Error(`${name} looks like the dev, test or maintenance database; name a separate one (e.g. inventory_large), or pass --force`);
  }
  const started = performance.now();
  await ensureDatabase(databaseUrlOf(databaseUrl, 'postgres'), name);
  const applied = await migrate(databaseUrl);
  if (applied.length > 0) say(`Applied migrations: ${applied.join(', ')}`);
  say(`Loading the large dataset (scale ${scale}) into ${name}...`);
  const loaded = await seedLarge(databaseUrl, scale, say);
  const total = Object.values(loaded).reduce((sum, rows) => sum + rows, 0);
  say(`Loaded ${total} rows in ${((performance.now() - started) / 1000).toFixed(1)} s; balances and asset positions agree with the ledger.`);
}

await main().catch((error: unknown) => {
  process.stderr.write(`seed:large failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
