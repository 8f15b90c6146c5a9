/**
 * npm start: runs the whole system on this machine. Uses DATABASE_URL when
 * set, otherwise an embedded PostgreSQL in .data/; applies migrations, loads
 * the demo dataset on first start, then runs the four subgraphs and the
 * gateway as separate processes and keeps them running: a process that dies
 * is replaced by its standby (a spare with its code loaded) or started
 * again, and the embedded database is started again too. Ctrl-C, SIGTERM or the
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
    standby: reader.boolean('STANDBY_PROCESSES', true),
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
  const parent = process.ppid;
  const config = readStartConfig(process.env);
  const supervisor = new Supervisor(say);
  let embedded: EmbeddedDatabase | null = null;
  /** The embedded database while it starts, so a stop in that moment still stops it. */
  let embeddedStarting: Promise<EmbeddedDatabase> | null = null;
  let stopping = false;
  let watcher: NodeJS.Timeout | null = null;
  const postgresDir = join(config.dataDir, 'postgres');

  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    if (watcher) clearInterval(watcher);
    say('Stopping...');
    // Gateway first so no new requests reach the subgraphs, then the subgraphs, then the database.
    await supervisor.stop();
    // The database last: the one serving, or the one still starting (first start or a restart).
    const database = restartingDatabase || !embedded ? await embeddedStarting?.catch(() => null) : embedded;
    if (database) await database.stop();
    say('Stopped.');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  process.on('SIGHUP', () => void stopAll(0));

  // This process stops everything when its own parent is gone (npm, or the shell that ran it,
  // stopped by a process manager's SIGTERM), from its first moment: a parent that dies while
  // the system is still starting must not leave it running unowned. Once serving, PostgreSQL
  // is watched too (a process that dies is the supervisor's to start again).
  let serving = false;
  let restartingDatabase = false;
  watcher = setInterval(() => {
    if (stopping) return;
    if (process.ppid !== parent) {
      say('The process that started this one is gone.');
      void stopAll(0);
      return;
    }
    const database = embedded;
    if (serving && database && !database.running() && !restartingDatabase) {
      restartingDatabase = true;
      say('The embedded PostgreSQL stopped; starting it again on the same port.');
      embeddedStarting = startEmbeddedPostgres(postgresDir, () => undefined, { port: database.port });
      embeddedStarting.then(
        (restarted) => {
          embedded = restarted;
          restartingDatabase = false;
          if (!stopping) say('The embedded PostgreSQL is back.');
        },
        (error: Error) => {
          restartingDatabase = false;
          say(`The embedded PostgreSQL did not start again (${error.message}); trying again.`);
        },
      );
    }
  }, WATCH_INTERVAL_MS);

  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      say(`Starting the embedded PostgreSQL (data in ${config.dataDir})...`);
      embeddedStarting = startEmbeddedPostgres(postgresDir);
      embedded = await embeddedStarting;
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
        standby: config.standby,
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
        standby: config.standby,
      },
    ]);

    say('');
    say(`  GraphQL API   http://localhost:${config.port}/graphql`);
    say(`  Health        http://localhost:${config.port}/healthz  http://localhost:${config.port}/readyz`);
    for (const [name, url] of Object.entries(subgraphUrls)) say(`  ${name.padEnd(13)} ${url}/graphql`);
    say('');
    say('Press Ctrl-C to stop.');
    serving = true;
    supervisor.prepareStandbys();

  } catch (error) {
    // Stopped while starting: stopAll is already under way and says so.
    if (stopping) return;
    process.stderr.write(`${error instanceof ConfigError ? error.message : `Start failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
    await stopAll(1);
  }
}

await main();
