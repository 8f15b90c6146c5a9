import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeFile, DEPLOY_DIR, SUBGRAPHS } from './deploy-files.ts';

describe('the compose file', () => {
  const { services } = composeFile();
  const text = readFileSync(`${DEPLOY_DIR}compose/compose.yaml`, 'utf8');
  const exampleEnv = readFileSync(`${DEPLOY_DIR}compose/example.env`, 'utf8');

  it('runs PostgreSQL, Redis, a one-shot migration, the four subgraphs and the gateway', () => {
    expect(Object.keys(services).sort()).toEqual(['approvals', 'catalog', 'cmdb', 'gateway', 'migrate', 'postgres', 'redis', 'stock']);
    for (const service of ['migrate', 'gateway', ...SUBGRAPHS]) expect(services[service]!.command).toEqual([service]);
  });

  it('starts each service once what it needs is healthy, and the subgraphs only after the migration succeeded', () => {
    expect(services.postgres!.healthcheck).toBeDefined();
    expect(services.redis!.healthcheck).toBeDefined();
    expect(services.migrate!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const subgraph of SUBGRAPHS) expect(services[subgraph]!.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    expect(services.gateway!.depends_on).toEqual({
      redis: { condition: 'service_healthy' },
      ...Object.fromEntries(SUBGRAPHS.map((subgraph) => [subgraph, { condition: 'service_healthy' }])),
    });
  });

  it('points the gateway at each subgraph by its service name and port, with the secret that subgraph verifies', () => {
    const gateway = services.gateway!.environment!;
    for (const subgraph of SUBGRAPHS) {
      const own = services[subgraph]!.environment!;
      expect(gateway[`SUBGRAPH_${subgraph.toUpperCase()}_URL`]).toBe(`http://${subgraph}:${own.PORT}/graphql`);
      expect(gateway[`SUBGRAPH_${subgraph.toUpperCase()}_SECRET`]).toBe(own.GATEWAY_SIGNING_SECRET);
    }
    expect(gateway.REDIS_URL).toBe('redis://redis:6379');
  });

  it('takes every required secret from the env file, which the example lists', () => {
    const required = new Set([...text.matchAll(/\$\{([A-Z_]+):\?/g)].map((match) => match[1]!));
    expect([...required].sort()).toEqual(['APPROVALS_SIGNING_SECRET', 'CATALOG_SIGNING_SECRET', 'CMDB_SIGNING_SECRET', 'POSTGRES_PASSWORD', 'STOCK_SIGNING_SECRET']);
    for (const name of required) expect(exampleEnv).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});
