import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseUrlOf, dropDatabase, ensureDatabase } from '../../scripts/lib/embedded-postgres.ts';
import { migrate } from '../../scripts/lib/migrate.ts';
import { seedDemoData } from '../../scripts/lib/seed.ts';
import { startStack, type Stack } from '../../test/support/stack.ts';
import { createFloorServer } from '../floor/http.ts';
import { readFloorSettings } from '../floor/queries.ts';
import { checkSameAnswers, type CheckedTarget } from '../lib/answers.ts';
import { OPERATIONS, readFixtures, type Fixtures } from '../lib/operations.ts';

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
};

// The floor and the gateway over a demo database of this file's own (the
// check records movements, which other test files must not see).
describe('the floor', () => {
  const serverUrl = databaseUrlOf(inject('databaseUrl'), 'postgres');
  const name = `bench_floor_test_${process.pid}_${Date.now().toString(36)}`;
  let databaseUrl: string;
  let stack: Stack;
  let pool: pg.Pool;
  let floor: Server;
  let floorUrl: string;
  let fixtures: Fixtures;
  const gatewayTarget = () => ({ name: 'gateway', url: `${stack.gatewayUrl}/graphql`, actor: 'dev-admin', runs: () => true }) satisfies CheckedTarget;

  beforeAll(async () => {
    databaseUrl = await ensureDatabase(serverUrl, name);
    await migrate(databaseUrl);
    await seedDemoData(databaseUrl);
    stack = await startStack(databaseUrl);
    pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
    floor = createFloorServer(pool, readFloorSettings({}));
    floorUrl = await listen(floor);
    fixtures = await readFixtures(databaseUrl);
  });

  afterAll(async () => {
    await new Promise((resolve) => floor?.close(resolve));
    await pool?.end();
    await stack?.stop();
    await dropDatabase(serverUrl, name);
  });

  it('gives the gateway\'s answers to every benchmark operation, and writes what stock writes for a movement', async () => {
    const check = await checkSameAnswers(OPERATIONS, [gatewayTarget(), { name: 'floor', url: floorUrl, actor: 'dev-admin', runs: () => true }], fixtures, databaseUrl, 'test', 6);
    expect(check.disagreements).toEqual([]);
    for (const operation of OPERATIONS) {
      expect(check.operations[operation.name], operation.name).toMatchObject({ targets: ['gateway', 'floor'] });
      expect(check.operations[operation.name]?.notCompared, operation.name).toBeUndefined();
    }
    expect(check.allAgree).toBe(true);
  });

  it('refuses what it does not answer', async () => {
    const response = await fetch(floorUrl, { method: 'POST', body: JSON.stringify({ operationName: 'SomethingElse', variables: {} }) });
    expect(response.status).toBe(404);
  });

  it('reports a target whose answer differs, and where', async () => {
    // Answers as the floor does, with one number changed.
    const liar = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const answer = await (await fetch(floorUrl, { method: 'POST', body: Buffer.concat(chunks) })).text();
      response.writeHead(200, { 'content-type': 'application/json' }).end(answer.replace(/"onHand" : "(\d+)"/, '"onHand" : "9$1"'));
    });
    const liarUrl = await listen(liar);
    try {
      const catalogList = OPERATIONS.filter((operation) => operation.name === 'catalogList');
      const check = await checkSameAnswers(catalogList, [gatewayTarget(), { name: 'liar', url: liarUrl, actor: 'dev-admin', runs: () => true }], fixtures, databaseUrl, 'test', 1);
      expect(check.allAgree).toBe(false);
      expect(check.disagreements).toHaveLength(1);
      expect(check.disagreements[0]).toMatch(/^catalogList: liar differs from gateway for .*: data\.partNumbers\.edges\[0\]\.node\.stock\.onHand: "9\d+" vs "\d+"$/);
    } finally {
      await new Promise((resolve) => liar.close(resolve));
    }
  });
});
