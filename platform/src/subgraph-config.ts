import { EnvReader, readRuntimeMode, type Env, type RuntimeMode } from './config.ts';
import type { LogLevel } from './logger.ts';

/** Settings every subgraph process reads, with the same names in all four. */
export interface SubgraphConfig {
  readonly mode: RuntimeMode;
  /** Shared with the gateway only; verifies that a request came through it. */
  readonly signingSecret: string;
  readonly databaseUrl: string;
  /**
   * A streaming replica of `databaseUrl` for the analyst reports
   * (DATABASE_READ_URL); null sends them to the primary with everything else.
   */
  readonly databaseReadUrl: string | null;
  readonly databasePoolSize: number;
  /** The longest one statement may run; below the gateway's subgraph timeout, so a slow query fails before the gateway gives up on it. */
  readonly statementTimeoutMs: number;
  readonly port: number;
  readonly host: string;
  readonly logLevel: LogLevel;
  /** OTLP/HTTP collector for traces (OTEL_EXPORTER_OTLP_ENDPOINT); none are exported when null. */
  readonly otelEndpoint: string | null;
  /** Redis shared by the replicas of this subgraph (REDIS_URL) for the nonces of signed requests; this process's memory when null. */
  readonly redisUrl: string | null;
}

/** What a subgraph's `start` reads of its configuration; tests give the first four, processes all of it. */
export type SubgraphServerConfig = Pick<SubgraphConfig, 'mode' | 'port' | 'host' | 'signingSecret'> & Partial<Pick<SubgraphConfig, 'redisUrl'>>;

/** The secret a subgraph and the gateway share outside production, when none is configured. */
export function developmentSigningSecret(subgraph: string): string {
  return `dev-signing-secret-${subgraph}`;
}

/**
 * Reads a signing secret: in production it must be set, at least 32
 * characters, and not the development default.
 */
export function readSigningSecret(reader: EnvReader, variable: string, subgraph: string, mode: RuntimeMode): string {
  const secret = reader.string(variable);
  if (mode !== 'production') return secret ?? developmentSigningSecret(subgraph);
  if (secret === undefined) reader.problem(`${variable} is required in production`);
  else if (secret === developmentSigningSecret(subgraph)) reader.problem(`${variable} is the development default; set a real secret in production`);
  else if (secret.length < 32) reader.problem(`${variable} must be at least 32 characters`);
  return secret ?? '';
}

/** `DATABASE_READ_URL`: absent, or a `postgres://` URL. */
function readDatabaseReadUrl(reader: EnvReader): string | null {
  const raw = reader.string('DATABASE_READ_URL');
  if (raw === undefined) return null;
  if (!/^postgres(ql)?:\/\/./.test(raw)) reader.problem(`DATABASE_READ_URL must be a postgres:// URL, got "${raw.replace(/\/\/[^@/]*@/, '//***@')}"`);
  return raw;
}

/**
 * Reads a subgraph's configuration: `DATABASE_URL` (required),
 * `DATABASE_READ_URL` (optional), `PORT` (default `defaultPort`), `HOST`, `DATABASE_POOL_SIZE`, `LOG_LEVEL`,
 * `NODE_ENV`, `GATEWAY_SIGNING_SECRET`, `REDIS_URL`. Throws a `ConfigError` listing every
 * problem.
 */
export function readSubgraphConfig(env: Env, { name, defaultPort }: { name: string; defaultPort: number }): SubgraphConfig {
  const reader = new EnvReader(env);
  const mode = readRuntimeMode(reader);
  const config: SubgraphConfig = {
    mode,
    signingSecret: readSigningSecret(reader, 'GATEWAY_SIGNING_SECRET', name, mode),
    databaseUrl: reader.required('DATABASE_URL'),
    databaseReadUrl: readDatabaseReadUrl(reader),
    databasePoolSize: reader.integer('DATABASE_POOL_SIZE', 10, { min: 1, max: 200 }),
    statementTimeoutMs: reader.integer('DATABASE_STATEMENT_TIMEOUT_MS', 5_000, { min: 100, max: 600_000 }),
    port: reader.port('PORT', defaultPort),
    host: reader.string('HOST', '127.0.0.1'),
    logLevel: reader.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    otelEndpoint: reader.string('OTEL_EXPORTER_OTLP_ENDPOINT') ?? null,
    redisUrl: reader.string('REDIS_URL') ?? null,
  };
  reader.done();
  return config;
}
