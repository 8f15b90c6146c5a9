import { fileURLToPath } from 'node:url';
import { EnvReader, readRuntimeMode, readSigningSecret, type Env, type LogLevel, type RuntimeMode } from '@inventory/platform';
import type { JwtSettings } from './auth.ts';

/** JWT verification settings; in production an HS256 secret must be long. */
function readJwtSettings(reader: EnvReader, mode: RuntimeMode): JwtSettings {
  const secret = reader.string('JWT_SECRET') ?? null;
  const publicKey = reader.string('JWT_PUBLIC_KEY')?.replace(/\\n/g, '\n') ?? null;
  if (secret && publicKey) reader.problem('set JWT_SECRET (HS256) or JWT_PUBLIC_KEY (RS256), not both');
  if (secret && mode === 'production' && secret.length < 32) reader.problem('JWT_SECRET must be at least 32 characters in production');
  return {
    secret,
    publicKey,
    issuer: reader.string('JWT_ISSUER') ?? null,
    audience: reader.string('JWT_AUDIENCE') ?? null,
    rolesClaim: reader.string('JWT_ROLES_CLAIM', 'roles'),
    maxLifetimeSeconds: reader.integer('JWT_MAX_LIFETIME_SECONDS', 86_400, { min: 60, max: 31_536_000 }),
    clockSkewSeconds: reader.integer('JWT_CLOCK_SKEW_SECONDS', 30, { min: 0, max: 600 }),
  };
}

/** A comma-separated list of exact origins (`https://app.example.com`), each checked. */
function readOrigins(reader: EnvReader, variable: string): string[] {
  const origins = (reader.string(variable) ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  for (const origin of origins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      reader.problem(`${variable} must list origins such as https://app.example.com (scheme, host and port only), got "${origin}"`);
    }
  }
  return origins;
}

/** Where `/metrics` is served (see `serveMetrics`). */
export interface MetricsSettings {
  /** A port of its own; null serves metrics on the public port. */
  readonly port: number | null;
  /** The bearer token `/metrics` on the public port requires; null for none (never in production). */
  readonly token: string | null;
}

/** In production metrics are never open on the public port: a port of their own by default, or a token. */
function readMetricsSettings(reader: EnvReader, mode: RuntimeMode): MetricsSettings {
  const token = reader.string('METRICS_TOKEN') ?? null;
  if (token !== null && mode === 'production' && token.length < 32) reader.problem('METRICS_TOKEN must be at least 32 characters in production');
  const defaultPort = mode === 'production' && token === null ? 9464 : undefined;
  const port = reader.string('METRICS_PORT') !== undefined || defaultPort !== undefined ? reader.port('METRICS_PORT', defaultPort ?? 0) : null;
  return { port, token };
}

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
  /** How long an unknown API key is refused without a lookup. */
  readonly apiKeyNegativeCacheMs: number;
  /** Failed authentications per client address and minute before the address is refused (429) without a lookup; 0 turns it off. */
  readonly authFailuresPerMinute: number;
  readonly jwt: JwtSettings;
  /** Redis for the shared APQ cache and rate limits; memory of this process when null. */
  readonly redisUrl: string | null;
  /** Requests per minute per caller; 0 turns rate limiting off. */
  readonly rateLimitPerMinute: number;
  readonly persistedOperationsPath: string;
  /** `max-age` of the private cache header on successful GET queries. */
  readonly getCacheMaxAgeSeconds: number;
  readonly limits: QueryLimits;
  /** OTLP/HTTP collector for traces (OTEL_EXPORTER_OTLP_ENDPOINT); none are exported when null. */
  readonly otelEndpoint: string | null;
  /** How long one subgraph call may take before the gateway gives up on it. */
  readonly subgraphTimeoutMs: number;
  /** How long a subgraph's open circuit fails fast before a call probes it again. */
  readonly subgraphBreakerResetMs: number;
  /** Webhook deliveries: how often they are sent, each one's timeout, attempts before giving up, failures in a row before a webhook is disabled. */
  readonly webhooks: { readonly intervalMs: number; readonly timeoutMs: number; readonly maxAttempts: number; readonly disableAfter: number };
  readonly metrics: MetricsSettings;
  /** Requests in flight at once: in total, per caller, and report operations. */
  readonly concurrency: { readonly total: number; readonly perCaller: number; readonly reports: number };
  /** Browser origins allowed to call the gateway (`CORS_ORIGINS`); outside production, localhost origins are allowed too. */
  readonly corsOrigins: readonly string[];
  readonly logLevel: LogLevel;
}

export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxCost: number;
  readonly maxDirectives: number;
}

const DEFAULT_SUPERGRAPH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));
const DEFAULT_OPERATIONS = fileURLToPath(new URL('../../schema/persisted-operations.json', import.meta.url));

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
    apiKeyNegativeCacheMs: reader.integer('API_KEY_NEGATIVE_CACHE_MS', 5_000, { min: 0, max: 600_000 }),
    authFailuresPerMinute: reader.integer('AUTH_FAILURES_PER_MINUTE', 30, { min: 0, max: 1_000_000 }),
    jwt: readJwtSettings(reader, mode),
    redisUrl: reader.string('REDIS_URL') ?? null,
    rateLimitPerMinute: reader.integer('RATE_LIMIT_PER_MINUTE', 1_200, { min: 0, max: 10_000_000 }),
    persistedOperationsPath: reader.string('PERSISTED_OPERATIONS_PATH', DEFAULT_OPERATIONS),
    getCacheMaxAgeSeconds: reader.integer('GET_CACHE_MAX_AGE', 30, { min: 0, max: 86_400 }),
    otelEndpoint: reader.string('OTEL_EXPORTER_OTLP_ENDPOINT') ?? null,
    limits: {
      maxDepth: reader.integer('QUERY_MAX_DEPTH', 10, { min: 1, max: 100 }),
      maxAliases: reader.integer('QUERY_MAX_ALIASES', 15, { min: 0, max: 1_000 }),
      maxTokens: reader.integer('QUERY_MAX_TOKENS', 2_000, { min: 10, max: 100_000 }),
      maxCost: reader.integer('QUERY_MAX_COST', 5_000, { min: 1, max: 10_000_000 }),
      maxDirectives: reader.integer('QUERY_MAX_DIRECTIVES', 20, { min: 0, max: 1_000 }),
    },
    port: reader.port('PORT', 4000),
    host: reader.string('HOST', '127.0.0.1'),
    databaseUrl: reader.required('DATABASE_URL'),
    supergraphPath: reader.string('SUPERGRAPH_PATH', DEFAULT_SUPERGRAPH),
    subgraphUrls,
    subgraphTimeoutMs: reader.integer('SUBGRAPH_TIMEOUT_MS', 10_000, { min: 100, max: 300_000 }),
    subgraphBreakerResetMs: reader.integer('SUBGRAPH_BREAKER_RESET_MS', 1_000, { min: 100, max: 600_000 }),
    webhooks: {
      intervalMs: reader.integer('WEBHOOK_INTERVAL_MS', 250, { min: 50, max: 60_000 }),
      timeoutMs: reader.integer('WEBHOOK_TIMEOUT_MS', 5_000, { min: 100, max: 60_000 }),
      maxAttempts: reader.integer('WEBHOOK_MAX_ATTEMPTS', 10, { min: 1, max: 100 }),
      disableAfter: reader.integer('WEBHOOK_DISABLE_AFTER_FAILURES', 50, { min: 1, max: 10_000 }),
    },
    corsOrigins: readOrigins(reader, 'CORS_ORIGINS'),
    metrics: readMetricsSettings(reader, mode),
    concurrency: {
      total: reader.integer('MAX_CONCURRENT_REQUESTS', 512, { min: 0, max: 100_000 }),
      perCaller: reader.integer('MAX_CONCURRENT_PER_CALLER', 64, { min: 0, max: 100_000 }),
      reports: reader.integer('MAX_CONCURRENT_REPORTS', 4, { min: 0, max: 10_000 }),
    },
    logLevel: reader.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
  };
  reader.done();
  return config;
}
