/**
 * npm run apikey -- create --name acme --role partner
 * npm run apikey -- list
 * npm run apikey -- revoke --name acme
 *
 * Manages the gateway's API keys in the database at DATABASE_URL, or in the
 * embedded PostgreSQL that `npm start` is running when DATABASE_URL is unset.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { Database, EnvReader } from '@inventory/platform';
import { createApiKey, listApiKeys, revokeApiKey } from '@inventory/gateway/api-keys';
import { runningEmbeddedPostgresUrl } from './lib/embedded-postgres.ts';
import { ROOT_DIR } from './lib/subgraphs.ts';

const USAGE = 'usage: npm run apikey -- create --name NAME --role admin|operator|approver|analyst|partner | list | revoke --name NAME';

const env = new EnvReader(process.env);
const configured = env.string('DATABASE_URL');
env.done();
const databaseUrl = configured ?? runningEmbeddedPostgresUrl(join(env.string('DATA_DIR', join(ROOT_DIR, '.data')), 'postgres'), 'inventory');
if (!databaseUrl) {
  process.stderr.write('Set DATABASE_URL, or run `npm start` first so the embedded database is up.\n');
  process.exit(2);
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { name: { type: 'string' }, role: { type: 'string' } } });
const actor = { subject: `cli:${userInfo().username}`, roles: ['admin' as const] };
const db = new Database({ connectionString: databaseUrl, applicationName: 'apikey', maxConnections: 1 });
try {
  switch (positionals[0]) {
    case 'create': {
      if (!values.name || !values.role) throw new Error(USAGE);
      const result = await createApiKey(db, { name: values.name, role: values.role }, actor);
      if (!result.ok) throw new Error(result.message);
      process.stdout.write(`Created key "${result.row.name}" with role ${result.row.role}. It is shown only now:\n\n  ${result.key}\n\n`);
      break;
    }
    case 'list':
      for (const key of await listApiKeys(db)) {
        process.stdout.write(`${key.name.padEnd(24)} ${key.role.padEnd(9)} created ${key.createdAt.toISOString()}${key.revokedAt ? `  revoked ${key.revokedAt.toISOString()}` : ''}\n`);
      }
      break;
    case 'revoke':
      if (!values.name) throw new Error(USAGE);
      if (!(await revokeApiKey(db, values.name, actor))) throw new Error(`No active key named "${values.name}".`);
      process.stdout.write(`Revoked "${values.name}"; gateways stop accepting it within API_KEY_CACHE_MS (30 s by default).\n`);
      break;
    default:
      throw new Error(USAGE);
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
