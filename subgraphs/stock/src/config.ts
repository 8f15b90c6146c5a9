import { readSubgraphConfig, type Env, type SubgraphConfig } from '@inventory/platform';

/** The stock subgraph's configuration; the only place its process environment is read. */
export function readConfig(env: Env = process.env): SubgraphConfig {
  return readSubgraphConfig(env, { name: 'stock', defaultPort: 4002 });
}
