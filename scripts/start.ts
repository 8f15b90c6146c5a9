/**
 * npm start: runs the whole system on this machine. Uses DATABASE_URL when
 * set, otherwise an embedded PostgreSQL in .data/; applies migrations, loads
 * the demo dataset on first start, then runs the four subgraphs and the
 * gateway as separate processes. Ctrl-C (or SIGTERM) stops them all and the
 * embedded database, in that order.
 */
import { join } from 'node:path';
import { ConfigError, EnvReader, readRuntimeMode } from '@inventory/platform';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from './lib/embedded-postgres.ts';
import { migrate } from './lib/migrate.ts';
import { spawnNodeProcess, stopProcess, waitUntilReady, type ManagedProcess } from './lib/processes.ts';
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

async function main(): Promise<void> {
  const config = readStartConfig(process.env);
  const processes: ManagedProcess[] = [];
  let embedded: EmbeddedDatabase | null = null;
  let stopping = false;

  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    say('Stopping...');
    // Gateway first so no new requests reach the subgraphs, then the subgraphs, then the database.
    for (const managed of [...processes].reverse()) await stopProcess(managed);
    if (embedded) await embedded.stop();
    say('Stopped.');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      say(`Starting the embedded PostgreSQL (data in ${config.dataDir})...`);
      embedded = await startEmbeddedPostgres(join(config.dataDir, 'postgres'));
      databaseUrl = await ensureDatabase(embedded.serverUrl, 'inventory');
    }
    const applied = await migrate(databaseUrl);
    if (applied.length > 0) say(`Applied migrations: ${applied.join(', ')}`);
    if (config.seed && (await seedDemoData(databaseUrl))) say('Loaded the demo dataset.');

    // Every process is told its mode: one started without NODE_ENV follows production rules.
    const childEnv = { ...process.env, NODE_ENV: config.mode, DATABASE_URL: databaseUrl };
    const subgraphUrls: Record<string, string> = {};
    for (const { name } of SUBGRAPHS) {
      const port = config.subgraphPorts[name];
      const managed = spawnNodeProcess(name, join(ROOT_DIR, 'subgraphs', name, 'src', 'index.ts'), { ...childEnv, PORT: String(port) }, ROOT_DIR);
      processes.push(managed);
      subgraphUrls[name] = `http://127.0.0.1:${port}`;
    }
    await Promise.all(
      processes.map((managed) => waitUntilReady(`${subgraphUrls[managed.name]}/readyz`, managed.exited).catch((error: Error) => {
        throw new Error(`${managed.name}: ${error.message}`);
      })),
    );
    const gateway = spawnNodeProcess(
      'gateway',
      join(ROOT_DIR, 'gateway', 'src', 'index.ts'),
      {
        ...childEnv,
        PORT: String(config.port),
        ...Object.fromEntries(Object.entries(subgraphUrls).map(([name, url]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, `${url}/graphql`])),
      },
      ROOT_DIR,
    );
    processes.push(gateway);
    await waitUntilReady(`http://127.0.0.1:${config.port}/readyz`, gateway.exited).catch((error: Error) => {
      throw new Error(`gateway: ${error.message}`);
    });

    say('');
    say(`  GraphQL API   http://localhost:${config.port}/graphql`);
    say(`  Health        http://localhost:${config.port}/healthz  http://localhost:${config.port}/readyz`);
    for (const [name, url] of Object.entries(subgraphUrls)) say(`  ${name.padEnd(13)} ${url}/graphql`);
    say('');
    say('Press Ctrl-C to stop.');

    // Any process dying on its own takes the whole system down: a half-running supergraph only confuses.
    for (const managed of processes) {
      void managed.exited.then((how) => {
        if (!stopping) {
          process.stderr.write(`${managed.name} exited unexpectedly (${how}).\n`);
          void stopAll(1);
        }
      });
    }
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : `Start failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
    await stopAll(1);
  }
}

await main();
