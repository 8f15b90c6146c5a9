import { readSubgraphConfig, type Env, type SubgraphConfig } from '@inventory/platform';

/** The catalog's configuration; the only place its process environment is read. */
export function readConfig(env: Env = process.env): SubgraphConfig {
  return readSubgraphConfig(env, { name: 'catalog', defaultPort: 4001 });
}
