import { EnvReader, readRuntimeMode, type Env, type RuntimeMode } from './config.ts';
import type { LogLevel } from './logger.ts';

/** Settings every subgraph process reads, with the same names in all four. */
export interface SubgraphConfig {
  readonly mode: RuntimeMode;
  readonly databaseUrl: string;
  readonly databasePoolSize: number;
  readonly port: number;
  readonly host: string;
  readonly logLevel: LogLevel;
}

/**
 * Reads a subgraph's configuration: `DATABASE_URL` (required), `PORT`
 * (default `defaultPort`), `HOST`, `DATABASE_POOL_SIZE`, `LOG_LEVEL`,
 * `NODE_ENV`. Throws a `ConfigError` listing every problem.
 */
export function readSubgraphConfig(env: Env, defaultPort: number): SubgraphConfig {
  const reader = new EnvReader(env);
  const config: SubgraphConfig = {
    mode: readRuntimeMode(reader),
    databaseUrl: reader.required('DATABASE_URL'),
    databasePoolSize: reader.integer('DATABASE_POOL_SIZE', 10, { min: 1, max: 200 }),
    port: reader.port('PORT', defaultPort),
    host: reader.string('HOST', '127.0.0.1'),
    logLevel: reader.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
  };
  reader.done();
  return config;
}
