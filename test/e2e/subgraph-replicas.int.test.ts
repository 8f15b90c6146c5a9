import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { developmentSigningSecret, signRequest } from '@inventory/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '../../scripts/lib/embedded-postgres.ts';
import { spawnNodeProcess, stopProcess, waitUntilReady, type ManagedProcess } from '../../scripts/lib/processes.ts';
import { ROOT_DIR } from '../../scripts/lib/subgraphs.ts';
import { REDIS_URL, redisAnswers } from '../support/redis.ts';

const available = await redisAnswers(REDIS_URL);

describe.skipIf(!available)('two replicas of a subgraph configured with REDIS_URL', () => {
  const replicas: { process: ManagedProcess; url: string }[] = [];

  beforeAll(async () => {
    for (const n of [1, 2]) {
      const port = await findFreePort();
      const env = { ...process.env, NODE_ENV: 'test', DATABASE_URL: inject('databaseUrl'), PORT: String(port), REDIS_URL, LOG_LEVEL: 'error' };
      const managed = spawnNodeProcess(`catalog-${n}`, join(ROOT_DIR, 'subgraphs', 'catalog', 'src', 'index.ts'), env, ROOT_DIR);
      replicas.push({ process: managed, url: `http://127.0.0.1:${port}` });
      await waitUntilReady(`http://127.0.0.1:${port}/readyz`, managed.exited);
    }
  }, 60_000);
  afterAll(async () => {
    for (const replica of replicas) await stopProcess(replica.process);
  });

  it('refuse at one replica a signed request the other already answered', async () => {
    const body = JSON.stringify({ query: '{ _service { sdl } }' });
    const headers = signRequest(developmentSigningSecret('catalog'), { caller: { subject: 'replayer', roles: ['admin'] }, requestId: randomUUID() }, body);
    const send = (url: string) => fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await send(replicas[0]!.url)).status).toBe(200);
    const replayed = await send(replicas[1]!.url);
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toEqual({ errors: [{ message: 'Requests must come through the gateway.', extensions: { code: 'UNAUTHENTICATED' } }] });
  });
});
