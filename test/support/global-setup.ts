import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { dropDatabase, ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from '../../scripts/lib/embedded-postgres.ts';
import { migrate } from '../../scripts/lib/migrate.ts';
import { seedDemoData } from '../../scripts/lib/seed.ts';
import { ROOT_DIR } from '../../scripts/lib/subgraphs.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh, migrated database with the demo dataset, private to this test run. */
    databaseUrl: string;
  }
}

/**
 * One fresh database per test run: on the server named by TEST_DATABASE_URL
 * (or DATABASE_URL) when set, otherwise on an embedded PostgreSQL in
 * .data/test-postgres. Migrated and seeded once, dropped at the end.
 */
export default async function setup(project: TestProject) {
  const existing = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let embedded: EmbeddedDatabase | null = null;
  let serverUrl: string;
  if (existing) {
    serverUrl = existing;
  } else {
    embedded = await startEmbeddedTestServer();
    serverUrl = embedded.serverUrl;
  }
  const name = `inventory_test_${process.pid}_${Date.now().toString(36)}`;
  const databaseUrl = await ensureDatabase(serverUrl, name);
  await migrate(databaseUrl);
  await seedDemoData(databaseUrl);
  const version = await serverVersion(databaseUrl);
  process.stdout.write(`Testing against PostgreSQL ${version} (${embedded ? 'embedded' : new URL(serverUrl).host}), database ${name}\n`);
  project.provide('databaseUrl', databaseUrl);

  return async () => {
    await dropDatabase(serverUrl, name);
    await embedded?.stop();
  };
}

/**
 * The shared test cluster in .data/test-postgres, or, when another test run
 * is using it right now, a throwaway cluster of this run's own.
 */
async function startEmbeddedTestServer(): Promise<EmbeddedDatabase> {
  try {
    return await startEmbeddedPostgres(join(ROOT_DIR, '.data', 'test-postgres'));
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('still running')) throw error;
    const dir = join(ROOT_DIR, '.data', `test-postgres-${process.pid}`);
    const server = await startEmbeddedPostgres(dir);
    return {
      ...server,
      async stop() {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

async function serverVersion(databaseUrl: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]!.server_version;
  } finally {
    await client.end();
  }
}
