import { randomUUID } from 'node:crypto';
import { signRequest } from '@inventory/platform';
import { startSubgraphForTest, TEST_SIGNING_SECRET, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../../subgraphs/catalog/src/server.ts';

describe('a subgraph called directly', () => {
  let catalog: SubgraphUnderTest;
  const query = JSON.stringify({ query: '{ _service { sdl } }' });
  const identity = () => ({ caller: { subject: 'mallory', roles: ['admin' as const] }, requestId: randomUUID() });
  const post = (headers: Record<string, string>, body = query) =>
    fetch(`${catalog.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  beforeAll(async () => {
    catalog = await startSubgraphForTest(start, inject('databaseUrl'));
  });
  afterAll(() => catalog?.stop());

  it('answers a request the gateway signed', async () => {
    const response = await post(signRequest(TEST_SIGNING_SECRET, identity(), query));
    expect(response.status).toBe(200);
  });

  it.each([
    ['unsigned', () => ({})],
    ['signed with another secret', () => signRequest('not-the-secret', identity(), query)],
    ['signed two minutes ago', () => signRequest(TEST_SIGNING_SECRET, identity(), query, Date.now() - 120_000)],
    ['signed for another body', () => signRequest(TEST_SIGNING_SECRET, identity(), '{"query":"{ __typename }"}')],
    ['without its nonce', () => Object.fromEntries(Object.entries(signRequest(TEST_SIGNING_SECRET, identity(), query)).filter(([name]) => name !== 'x-gateway-nonce'))],
    ['with another nonce than it was signed with', () => ({ ...signRequest(TEST_SIGNING_SECRET, identity(), query), 'x-gateway-nonce': 'A'.repeat(22) })],
    ['with roles added after signing', () => ({ ...signRequest(TEST_SIGNING_SECRET, { ...identity(), caller: { subject: 'x', roles: ['analyst'] } }, query), 'x-caller-roles': 'admin' })],
  ])('refuses a request %s, _service and _entities included', async (_name, headers) => {
    const response = await post(headers());
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ errors: [{ message: 'Requests must come through the gateway.', extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('refuses the same signed request sent a second time', async () => {
    const headers = signRequest(TEST_SIGNING_SECRET, identity(), query);
    expect((await post(headers)).status).toBe(200);
    const replay = await post(headers);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({ errors: [{ message: 'Requests must come through the gateway.', extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('accepts POST only', async () => {
    const response = await fetch(`${catalog.url}/graphql?query=${encodeURIComponent('{ _service { sdl } }')}`);
    expect(response.status).toBe(405);
  });
});
