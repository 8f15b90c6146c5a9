/**
 * npm run apikey -- create --name acme --role partner [--role analyst] [--operations StockByPartCode,LocationByCode] [--expires-in-days 90]
 * npm run apikey -- rotate --name acme [--grace-hours 24]
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
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from '@inventory/gateway/api-keys';
import { ROOT_DIR } from './lib/subgraphs.ts';

const USAGE = [
  'usage: npm run apikey -- create --name NAME --role admin|operator|approver|analyst|partner [--role …] [--operations A,B] [--expires-in-days N]',
  '                          rotate --name NAME [--grace-hours N]',
  '                          list',
  '                          revoke --name NAME',
].join('\n');

const env = new EnvReader(process.env);
const configured = env.string('DATABASE_URL');
env.done();
// The embedded server's module is loaded only when it is needed: containers
// give DATABASE_URL and carry no embedded PostgreSQL.
const databaseUrl = configured ?? (await import('./lib/embedded-postgres.ts')).runningEmbeddedPostgresUrl(join(env.string('DATA_DIR', join(ROOT_DIR, '.data')), 'postgres'), 'inventory');
if (!databaseUrl) {
  process.stderr.write('Set DATABASE_URL, or run `npm start` first so the embedded database is up.\n');
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    role: { type: 'string', multiple: true },
    operations: { type: 'string' },
    'expires-in-days': { type: 'string' },
    'grace-hours': { type: 'string', default: '24' },
  },
});
const number = (text: string | undefined, what: string) => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > 0)) throw new Error(`${what} must be a positive number`);
  return value;
};
const actor = { subject: `cli:${userInfo().username}`, roles: ['admin' as const] };
const db = new Database({ connectionString: databaseUrl, applicationName: 'apikey', maxConnections: 1 });
try {
  switch (positionals[0]) {
    case 'create': {
      if (!values.name || !values.role) throw new Error(USAGE);
      const days = number(values['expires-in-days'], '--expires-in-days');
      const result = await createApiKey(
        db,
        {
          name: values.name,
          roles: values.role.flatMap((role) => role.split(',')),
          operations: values.operations ? values.operations.split(',').map((name) => name.trim()) : null,
          expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
        },
        actor,
      );
      if (!result.ok) throw new Error(result.message);
      process.stdout.write(`Created key "${result.row.name}" with roles ${result.row.roles.join(', ')}. It is shown only now:\n\n  ${result.key}\n\n`);
      break;
    }
    case 'rotate': {
      if (!values.name) throw new Error(USAGE);
      const hours = number(values['grace-hours'], '--grace-hours')!;
      const result = await rotateApiKey(db, values.name, Math.round(hours * 3600), actor);
      if (!result.ok) throw new Error(result.message);
      process.stdout.write(`Rotated "${values.name}": the old key keeps working for ${hours} h. The new key is shown only now:\n\n  ${result.key}\n\n`);
      break;
    }
    case 'list':
      for (const key of await listApiKeys(db)) {
        const state = key.revokedAt
          ? `revoked ${key.revokedAt.toISOString()}`
          : key.expiresAt && key.expiresAt.getTime() <= Date.now()
            ? `expired ${key.expiresAt.toISOString()}`
            : `${key.replacedBy ? 'rotated, ' : ''}${key.expiresAt ? `expires ${key.expiresAt.toISOString()}` : 'no expiry'}`;
        process.stdout.write(
          `${key.name.padEnd(24)} ${key.roles.join(',').padEnd(16)} ${(key.operations?.join(',') ?? 'any operation').padEnd(30)} last used ${key.lastUsedAt?.toISOString() ?? 'never'}  ${state}\n`,
        );
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
