import { Database, createLogger, runSubgraphProcess } from '@inventory/platform';
import { readConfig } from './config.ts';
import { start } from './server.ts';

runSubgraphProcess('cmdb', async () => {
  const config = readConfig();
  const logger = createLogger('cmdb', config.logLevel);
  const db = new Database({ connectionString: config.databaseUrl, applicationName: 'cmdb', maxConnections: config.databasePoolSize });
  const server = await start({ db, logger, config });
  return {
    async stop() {
      await server.stop();
      await db.close();
    },
  };
});
