import { readSubgraphConfig, type Env, type SubgraphConfig } from '@inventory/platform';

/** The approvals subgraph's configuration; the only place its process environment is read. */
export function readConfig(env: Env = process.env): SubgraphConfig {
  return readSubgraphConfig(env, { name: 'approvals', defaultPort: 4004 });
}
