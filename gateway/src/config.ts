import { fileURLToPath } from 'node:url';
import { EnvReader, readRuntimeMode, type Env, type LogLevel, type RuntimeMode } from '@inventory/platform';

export const SUBGRAPH_NAMES = ['catalog', 'stock', 'cmdb', 'approvals'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export interface GatewayConfig {
  readonly mode: RuntimeMode;
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly supergraphPath: string;
  /** Routing URL per subgraph; absent names use the URL in the supergraph file. */
  readonly subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** How long one subgraph call may take before the gateway gives up on it. */
  readonly subgraphTimeoutMs: number;
  readonly logLevel: LogLevel;
}

const DEFAULT_SUPERGRAPH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

/**
 * Reads the gateway's configuration; the only place its process environment
 * is read. Throws a `ConfigError` listing every problem.
 */
export function readConfig(env: Env = process.env): GatewayConfig {
  const reader = new EnvReader(env);
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const variable = `SUBGRAPH_${name.toUpperCase()}_URL`;
    if (reader.string(variable) !== undefined) subgraphUrls[name] = reader.url(variable);
  }
  const config: GatewayConfig = {
    mode: readRuntimeMode(reader),
    port: reader.port('PORT', 4000),
    host: reader.string('HOST', '127.0.0.1'),
    databaseUrl: reader.required('DATABASE_URL'),
    supergraphPath: reader.string('SUPERGRAPH_PATH', DEFAULT_SUPERGRAPH),
    subgraphUrls,
    subgraphTimeoutMs: reader.integer('SUBGRAPH_TIMEOUT_MS', 10_000, { min: 100, max: 300_000 }),
    logLevel: reader.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
  };
  reader.done();
  return config;
}
