/**
 * npm start: runs the whole system on this machine. Uses DATABASE_URL when
 * set, otherwise an embedded PostgreSQL in .data/; applies migrations, loads
 * the demo dataset on first start, then runs the four subgraphs and the
 * gateway as separate processes and keeps them running: a process that dies
 * is started again, and so is the embedded database. Ctrl-C, SIGTERM or the
 * loss of its parent stops them all and the embedded database, in that
 * order, leaving nothing behind.
 */
import { join } from 'node:path';
import { ConfigError, EnvReader, readRuntimeMode } from '@inventory/platform';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from './lib/embedded-postgres.ts';
import { migrate } from './lib/migrate.ts';
import { Supervisor, type ProcessSpec } from './lib/supervisor.ts';
import { seedDemoData } from './lib/seed.ts';
import { ROOT_DIR, SUBGRAPHS } from './lib/subgraphs.ts';

function readStartConfig(env: NodeJS.ProcessEnv) {
  const reader = new EnvReader(env);
  const config = {
    // npm start is the development entry point: development unless NODE_ENV says otherwise.
    mode: readRuntimeMode(reader, 'development'),
    databaseUrl: reader.string('DATABASE_URL'),
    dataDir: reader.string('DATA_DIR', join(ROOT_DIR, '.data')),
    port: reader.port('PORT', 4000),
    seed: reader.boolean('SEED_DEMO_DATA', true),
    subgraphPorts: Object.fromEntries(
      SUBGRAPHS.map(({ name, port }) => [name, reader.port(`${name.toUpperCase()}_PORT`, port)]),
    ) as Record<(typeof SUBGRAPHS)[number]['name'], number>,
  };
  if (config.mode === 'production' && !config.databaseUrl) {
    reader.problem('DATABASE_URL is required in production: the embedded database is for development only');
  }
  if (config.mode === 'production' && config.seed && env.SEED_DEMO_DATA !== undefined) {
    reader.problem('SEED_DEMO_DATA cannot be enabled in production');
  }
  reader.done();
  return { ...config, seed: config.seed && config.mode !== 'production' };
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** How often the supervisor checks on PostgreSQL and on its own parent. */
const WATCH_INTERVAL_MS = 500;

async function main(): Promise<void> {
  const config = readStartConfig(process.env);
  const supervisor = new Supervisor(say);
  let embedded: EmbeddedDatabase | null = null;
  let stopping = false;
  let watcher: NodeJS.Timeout | null = null;

  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    if (watcher) clearInterval(watcher);
    say('Stopping...');
    // Gateway first so no new requests reach the subgraphs, then the subgraphs, then the database.
    await supervisor.stop();
    if (embedded) await embedded.stop();
    say('Stopped.');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  process.on('SIGHUP', () => void stopAll(0));

  try {
    let databaseUrl = config.databaseUrl;
    const postgresDir = join(config.dataDir, 'postgres');
    if (!databaseUrl) {
      say(`Starting the embedded PostgreSQL (data in ${config.dataDir})...`);
      embedded = await startEmbeddedPostgres(postgresDir);
      databaseUrl = await ensureDatabase(embedded.serverUrl, 'inventory');
    }
    const applied = await migrate(databaseUrl);
    if (applied.length > 0) say(`Applied migrations: ${applied.join(', ')}`);
    if (config.seed && (await seedDemoData(databaseUrl))) say('Loaded the demo dataset.');

    // Every process is told its mode: one started without NODE_ENV follows production rules.
    const childEnv = { ...process.env, NODE_ENV: config.mode, DATABASE_URL: databaseUrl };
    const subgraphUrls: Record<string, string> = {};
    const subgraphs: ProcessSpec[] = SUBGRAPHS.map(({ name }) => {
      const port = config.subgraphPorts[name];
      subgraphUrls[name] = `http://127.0.0.1:${port}`;
      return {
        name,
        entry: join(ROOT_DIR, 'subgraphs', name, 'src', 'index.ts'),
        env: { ...childEnv, PORT: String(port) },
        cwd: ROOT_DIR,
        readyUrl: `http://127.0.0.1:${port}/readyz`,
      };
    });
    await supervisor.startAll(subgraphs);
    await supervisor.startAll([
      {
        name: 'gateway',
        entry: join(ROOT_DIR, 'gateway', 'src', 'index.ts'),
        env: {
          ...childEnv,
          PORT: String(config.port),
          ...Object.fromEntries(Object.entries(subgraphUrls).map(([name, url]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, `${url}/graphql`])),
        },
        cwd: ROOT_DIR,
        // Alive is enough: the gateway answers partial data while a subgraph is away.
        readyUrl: `http://127.0.0.1:${config.port}/healthz`,
      },
    ]);

    say('');
    say(`  GraphQL API   http://localhost:${config.port}/graphql`);
    say(`  Health        http://localhost:${config.port}/healthz  http://localhost:${config.port}/readyz`);
    for (const [name, url] of Object.entries(subgraphUrls)) say(`  ${name.padEnd(13)} ${url}/graphql`);
    say('');
    say('Press Ctrl-C to stop.');

    // A process that dies is started again by the supervisor while the rest keep serving.
    // PostgreSQL is watched too, and this process stops everything when its own parent is
    // gone (npm, or the shell that ran it, stopped by a process manager's SIGTERM).
    const parent = process.ppid;
    let restartingDatabase = false;
    watcher = setInterval(() => {
      if (stopping) return;
      if (process.ppid !== parent) {
        say('The process that started this one is gone.');
        void stopAll(0);
        return;
      }
      const database = embedded;
      if (database && !database.running() && !restartingDatabase) {
        restartingDatabase = true;
        say('The embedded PostgreSQL stopped; starting it again on the same port.');
        startEmbeddedPostgres(postgresDir, () => undefined, { port: database.port }).then(
          (restarted) => {
            embedded = restarted;
            restartingDatabase = false;
            say('The embedded PostgreSQL is back.');
          },
          (error: Error) => {
            restartingDatabase = false;
            say(`The embedded PostgreSQL did not start again (${error.message}); trying again.`);
          },
        );
      }
    }, WATCH_INTERVAL_MS);
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : `Start failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
    await stopAll(1);
  }
}

await main();
