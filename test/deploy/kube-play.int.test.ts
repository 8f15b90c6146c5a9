import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { findFreePort } from '../../scripts/lib/embedded-postgres.ts';
import { operation } from '../support/operations.ts';
import { REDIS_URL, redisAnswers } from '../support/redis.ts';
import { baseObjects, exampleSecrets, SERVICES, SUBGRAPHS, type KubeObject } from './deploy-files.ts';
import { imageUnderTest, podman, podmanUnavailable } from './podman.ts';

const unavailable = podmanUnavailable() ?? ((await redisAnswers(REDIS_URL)) ? null : `no Redis answers at ${REDIS_URL} for the gateway's REDIS_URL`);

/**
 * The base's Deployments, ConfigMaps and Secrets as `podman kube play` can
 * run them on one host: kube play ignores Services, so every pod shares the
 * host's network, each service on a free port of its own (declared ports
 * dropped, probes naming the number) and the gateway pointed at 127.0.0.1;
 * names get a suffix so runs never collide; the migrate init containers are
 * left out (see below). Nothing else changes: commands, probes, init containers, security settings and
 * the ConfigMap and Secret wiring are the manifests' own.
 */
function forThisHost(objects: readonly KubeObject[], secrets: readonly KubeObject[], options: {
  suffix: string;
  image: string;
  ports: Record<string, number>;
  databaseUrl: string;
  redisUrl: string;
}): KubeObject[] {
  const renamed = (name: string) => `${name}-${options.suffix}`;
  const played: KubeObject[] = [];
  for (const original of [...objects, ...secrets]) {
    if (!['Deployment', 'ConfigMap', 'Secret'].includes(original.kind)) continue;
    const object = structuredClone(original);
    object.metadata.name = renamed(object.metadata.name);
    if (object.kind === 'ConfigMap' && original.metadata.name === 'inventory-common') object.data.HOST = '127.0.0.1';
    if (object.kind === 'ConfigMap' && original.metadata.name === 'inventory-gateway') {
      for (const subgraph of SUBGRAPHS) object.data[`SUBGRAPH_${subgraph.toUpperCase()}_URL`] = `http://127.0.0.1:${options.ports[subgraph]}/graphql`;
      object.data.METRICS_PORT = String(options.ports.metrics);
    }
    if (object.kind === 'Secret' && original.metadata.name === 'inventory-database') object.stringData.DATABASE_URL = options.databaseUrl;
    if (object.kind === 'Secret' && original.metadata.name === 'inventory-gateway') object.stringData.REDIS_URL = options.redisUrl;
    if (object.kind === 'Deployment') {
      const service = original.metadata.name;
      object.spec.replicas = 1;
      const pod = object.spec.template.spec;
      // Podman 4 restarts a finished init container under the pod's
      // restartPolicy Always and then fails to remove it; the migrate
      // command is tested on its own by the image test.
      delete pod.initContainers;
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        container.image = options.image;
        for (const source of container.envFrom ?? []) if (source.configMapRef) source.configMapRef.name = renamed(source.configMapRef.name);
        for (const entry of container.env ?? []) {
          if (entry.valueFrom?.secretKeyRef) entry.valueFrom.secretKeyRef.name = renamed(entry.valueFrom.secretKeyRef.name);
          if (entry.name === 'PORT') entry.value = String(options.ports[service]);
        }
        // On the host network podman refuses port declarations (it would
        // map them), so probes name the port by number instead.
        for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
          if (container[probe]?.httpGet) container[probe].httpGet.port = options.ports[service];
        }
        delete container.ports;
      }
    }
    played.push(object);
  }
  return played;
}

describe.skipIf(unavailable !== null)(`the Kubernetes Deployments played by podman${unavailable ? ` [skipped: ${unavailable}]` : ''}`, () => {
  const suffix = `t${process.pid}${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'inventory-kube-'));
  const file = join(dir, 'inventory.yaml');
  const ports: Record<string, number> = {};
  const secrets: string[] = [];
  let image: string;

  beforeAll(async () => {
    image = (await imageUnderTest()).image;
    for (const name of [...SERVICES, 'metrics']) ports[name] = await findFreePort();
    const objects = forThisHost(baseObjects(), exampleSecrets(), { suffix, image, ports, databaseUrl: inject('databaseUrl'), redisUrl: REDIS_URL });
    // Podman 4 reads a Secret only from its own store, as a JSON map of key to
    // base64 value (a Secret in the played file is stored in a form it then
    // cannot read), so the Secrets go there first.
    for (const secret of objects.filter((object) => object.kind === 'Secret')) {
      const data = Object.fromEntries(Object.entries(secret.stringData as Record<string, string>).map(([key, value]) => [key, Buffer.from(value).toString('base64')]));
      const secretFile = join(dir, `${secret.metadata.name}.json`);
      writeFileSync(secretFile, JSON.stringify(data), { mode: 0o600 });
      const created = await podman(['secret', 'create', secret.metadata.name, secretFile]);
      expect(created.code, created.stderr).toBe(0);
      secrets.push(secret.metadata.name);
    }
    writeFileSync(file, objects.filter((object) => object.kind !== 'Secret').map((object) => stringify(object)).join('---\n'));
  }, 25 * 60_000);

  afterAll(async () => {
    await podman(['kube', 'down', file]);
    for (const secret of secrets) await podman(['secret', 'rm', secret]);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('starts every Deployment and answers the headline query through the gateway', async () => {
    const played = await podman(['kube', 'play', '--network', 'host', file], { timeoutMs: 300_000 });
    expect(played.code, played.stderr).toBe(0);
    // The gateway is ready only when the database and every subgraph answer.
    const deadline = Date.now() + 180_000;
    let ready: Response | null = null;
    while (Date.now() < deadline) {
      ready = await fetch(`http://127.0.0.1:${ports.gateway}/readyz`).catch(() => null);
      if (ready?.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(ready?.status, `gateway not ready: ${(await podman(['pod', 'ps'])).stdout}`).toBe(200);
    expect(await ready!.json()).toMatchObject({ status: 'ready', checks: Object.fromEntries(['database', ...SUBGRAPHS].map((name) => [name, 'up'])) });

    const created = await podman(['run', '--rm', '--network', 'host', '-e', `DATABASE_URL=${inject('databaseUrl')}`, image, 'apikey', 'create', '--name', `kube-${suffix}`, '--role', 'analyst']);
    const key = /^ {2}(\S+)$/m.exec(created.stdout)?.[1];
    expect(key, created.stderr).toBeDefined();
    const response = await fetch(`http://127.0.0.1:${ports.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key! },
      body: JSON.stringify({ query: operation('AssetOverview'), variables: { id: '1' } }),
    });
    const body = (await response.json()) as { data: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.asset).toMatchObject({ serialNumber: 'SN-000001', configurationItem: { code: 'CI-WS-0001' } });
  }, 600_000);
});
