import { Database, createLogger, runProcess, startTracing } from '@inventory/platform';
import { readConfig } from './config.ts';
import { start } from './server.ts';

runProcess('gateway', async () => {
  const config = readConfig();
  const stopTracing = config.otelEndpoint ? startTracing('gateway', config.otelEndpoint) : null;
  const logger = createLogger('gateway', config.logLevel);
  const db = new Database({ connectionString: config.databaseUrl, applicationName: 'gateway', maxConnections: 4 });
  const server = await start({ db, logger, config });
  return {
    async stop() {
      await server.stop();
      await db.close();
      await stopTracing?.();
    },
  };
});
