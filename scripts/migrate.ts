/** npm run migrate: applies pending migrations to the database at DATABASE_URL. */
import { EnvReader } from '@inventory/platform';
import { migrate } from './lib/migrate.ts';

const env = new EnvReader(process.env);
const databaseUrl = env.required('DATABASE_URL');
env.done();
const applied = await migrate(databaseUrl);
process.stdout.write(applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'Nothing to apply.\n');
