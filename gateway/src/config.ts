import { fileURLToPath } from 'node:url';
import { EnvReader, readRuntimeMode, readSigningSecret, type Env, type LogLevel, type RuntimeMode } from '@inventory/platform';

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
  /** The secret shared with each subgraph, with which the caller's identity is signed. */
  readonly signingSecrets: Record<SubgraphName, string>;
  /** Whether the built-in `dev-*` API keys work (never in production). */
  readonly devKeys: boolean;
  /** How long a looked-up API key is trusted before it is looked up again (revocation delay). */
  readonly apiKeyCacheMs: number;
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
  const mode = readRuntimeMode(reader);
  const signingSecrets = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, readSigningSecret(reader, `SUBGRAPH_${name.toUpperCase()}_SECRET`, name, mode)]),
  ) as Record<SubgraphName, string>;
  const config: GatewayConfig = {
    mode,
    signingSecrets,
    devKeys: mode !== 'production',
    apiKeyCacheMs: reader.integer('API_KEY_CACHE_MS', 30_000, { min: 0, max: 3_600_000 }),
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
