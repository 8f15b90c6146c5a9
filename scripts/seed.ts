/** npm run seed: loads the demo dataset into the (empty, migrated) database at DATABASE_URL. */
import { EnvReader, readRuntimeMode } from '@inventory/platform';
import { seedDemoData } from './lib/seed.ts';

const env = new EnvReader(process.env);
const databaseUrl = env.required('DATABASE_URL');
if (readRuntimeMode(env) === 'production') env.problem('the demo dataset is never loaded in production');
env.done();
process.stdout.write((await seedDemoData(databaseUrl)) ? 'Loaded the demo dataset.\n' : 'The catalog is not empty; nothing loaded.\n');
