import { describe, expect, it } from 'vitest';
import { ConfigError, EnvReader } from './config.ts';
import { readSubgraphConfig } from './subgraph-config.ts';

describe('configuration', () => {
  it('reads a subgraph configuration with defaults', () => {
    expect(readSubgraphConfig({ NODE_ENV: 'development', DATABASE_URL: 'postgres://db/x' }, { name: 'stock', defaultPort: 4002 })).toEqual({
      mode: 'development',
      signingSecret: 'dev-signing-secret-stock',
      databaseUrl: 'postgres://db/x',
      databaseReadUrl: null,
      databasePoolSize: 10,
      statementTimeoutMs: 5000,
      port: 4002,
      host: '127.0.0.1',
      logLevel: 'info',
      otelEndpoint: null,
      redisUrl: null,
    });
  });

  it('reads an optional replica for reports, and refuses one that is not a PostgreSQL URL', () => {
    const base = { NODE_ENV: 'development', DATABASE_URL: 'postgres://db/x' };
    expect(readSubgraphConfig({ ...base, DATABASE_READ_URL: 'postgres://replica/x' }, { name: 'stock', defaultPort: 4002 }).databaseReadUrl).toBe(
      'postgres://replica/x',
    );
    expect(() => readSubgraphConfig({ ...base, DATABASE_READ_URL: 'http://u:secret@replica/x' }, { name: 'stock', defaultPort: 4002 })).toThrow(
      'DATABASE_READ_URL must be a postgres:// URL, got "http://***@replica/x"',
    );
  });

  it('lists every problem at once', () => {
    try {
      readSubgraphConfig({ PORT: '70000', NODE_ENV: 'prod', DATABASE_POOL_SIZE: 'many' }, { name: 'catalog', defaultPort: 4001 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'NODE_ENV must be one of development, test, production, got "prod"',
        'GATEWAY_SIGNING_SECRET is required in production',
        'DATABASE_URL is required',
        'DATABASE_POOL_SIZE must be an integer between 1 and 200, got "many"',
        'PORT must be an integer between 0 and 65535, got "70000"',
      ]);
    }
  });

  it('refuses to run in production without a real signing secret', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' };
    expect(() => readSubgraphConfig(production, { name: 'cmdb', defaultPort: 4003 })).toThrow('GATEWAY_SIGNING_SECRET is required in production');
    expect(() => readSubgraphConfig({ ...production, GATEWAY_SIGNING_SECRET: 'dev-signing-secret-cmdb' }, { name: 'cmdb', defaultPort: 4003 })).toThrow(
      'GATEWAY_SIGNING_SECRET is the development default',
    );
    expect(() => readSubgraphConfig({ ...production, GATEWAY_SIGNING_SECRET: 'short' }, { name: 'cmdb', defaultPort: 4003 })).toThrow('at least 32 characters');
    const secret = 'x'.repeat(40);
    expect(readSubgraphConfig({ ...production, GATEWAY_SIGNING_SECRET: secret }, { name: 'cmdb', defaultPort: 4003 }).signingSecret).toBe(secret);
  });

  it('follows production rules when NODE_ENV is unset: no default signing secret', () => {
    const unset = { DATABASE_URL: 'postgres://db/x' };
    expect(() => readSubgraphConfig(unset, { name: 'cmdb', defaultPort: 4003 })).toThrow('GATEWAY_SIGNING_SECRET is required in production');
    expect(readSubgraphConfig({ ...unset, NODE_ENV: 'development' }, { name: 'cmdb', defaultPort: 4003 }).signingSecret).toBe('dev-signing-secret-cmdb');
  });

  it('reads booleans strictly', () => {
    const reader = new EnvReader({ A: 'yes', B: 'false', C: 'maybe' });
    expect(reader.boolean('A', false)).toBe(true);
    expect(reader.boolean('B', true)).toBe(false);
    expect(reader.boolean('C', true)).toBe(true);
    expect(() => reader.done()).toThrow('C must be true or false, got "maybe"');
  });
});
