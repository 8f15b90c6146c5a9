import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';

const manifest = JSON.parse(readFileSync(new URL('../../schema/persisted-operations.json', import.meta.url), 'utf8')) as {
  operations: { id: string; name: string; body: string }[];
};
const idOf = (name: string) => manifest.operations.find((operation) => operation.name === name)!.id;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('persisted queries at the gateway', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
  });
  afterAll(() => stack?.stop());

  const post = (body: unknown, key = 'dev-analyst') =>
    fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(body) });
  const get = (params: Record<string, string>, key = 'dev-analyst') =>
    fetch(`${stack.gatewayUrl}/graphql?${new URLSearchParams(params)}`, { headers: { 'x-api-key': key } });

  it('follows the APQ protocol: a miss, then registration, then hits over POST and GET', async () => {
    const query = `query ApqProbe { partNumber(code: "PN-CAB-0001") { code unitOfMeasure } }`;
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const miss = await post({ extensions });
    expect(await miss.json()).toMatchObject({ errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
    const registered = await post({ query, extensions });
    expect(await registered.json()).toEqual({ data: { partNumber: { code: 'PN-CAB-0001', unitOfMeasure: 'EA' } } });
    expect(await (await post({ extensions })).json()).toEqual({ data: { partNumber: { code: 'PN-CAB-0001', unitOfMeasure: 'EA' } } });
    const overGet = await get({ extensions: JSON.stringify(extensions) });
    expect(await overGet.json()).toEqual({ data: { partNumber: { code: 'PN-CAB-0001', unitOfMeasure: 'EA' } } });
  });

  it('refuses an APQ registration whose hash does not match its text', async () => {
    const response = await post({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('lets a partner run a registered operation by documentId over GET, cacheable by the client only', async () => {
    const response = await get({ documentId: idOf('StockByPartCode'), variables: JSON.stringify({ code: 'PN-CAB-0001' }) }, 'dev-partner');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, max-age=30');
    expect(response.headers.get('vary')).toBe('x-api-key, authorization, accept');
    const body = (await response.json()) as { data: { partNumber: { code: string; stock: { onHand: string } } } };
    expect(body.data.partNumber.code).toBe('PN-CAB-0001');
    expect(Number(body.data.partNumber.stock.onHand)).toBeGreaterThan(0);
  });

  it('lets a partner run a registered operation by documentId or by its hash over POST', async () => {
    const variables = { serialNumber: 'SN-000001' };
    for (const body of [
      { documentId: idOf('AssetBySerial'), variables },
      { extensions: { persistedQuery: { version: 1, sha256Hash: idOf('AssetBySerial') } }, variables },
    ]) {
      const response = await post(body, 'dev-partner');
      const result = (await response.json()) as { data: { asset: { serialNumber: string; location: { path: string } } } };
      expect(result.data.asset).toMatchObject({ serialNumber: 'SN-000001', location: { path: 'CDC/CDC-Z1/CDC-Z1-S01/CDC-Z1-S01-B01' } });
    }
  });

  it('refuses a partner anything else, with the codes partners program against', async () => {
    const cases: [unknown, string][] = [
      [{ query: '{ asset(id: "1") { id } }' }, 'QUERY_NOT_IN_SAFELIST'],
      [{ query: '{ __schema { types { name } } }' }, 'QUERY_NOT_IN_SAFELIST'],
      [{ documentId: 'f'.repeat(64) }, 'PERSISTED_QUERY_NOT_IN_LIST'],
      [{ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }, 'PERSISTED_QUERY_NOT_IN_LIST'],
      [{ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ __typename }') } } }, 'QUERY_NOT_IN_SAFELIST'],
    ];
    for (const [body, code] of cases) {
      const response = await post(body, 'dev-partner');
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await response.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code } }] });
    }
  });

  it('accepts the text of a registered operation from a partner, since its hash is registered', async () => {
    const body = manifest.operations.find((operation) => operation.name === 'StockByPartCode')!.body;
    const response = await post({ query: body, variables: { code: 'PN-CAB-0001' } }, 'dev-partner');
    expect(response.status).toBe(200);
  });

  it('lets a partner record goods received, once per idempotency key, and read them back as movements since a time', async () => {
    const since = new Date(Date.now() - 1_000).toISOString();
    const key = `asn-${Date.now()}`;
    const variables = { idempotencyKey: key, partNumberId: '25', toLocationId: '4', quantity: '12', unitCost: '8.50', documentRef: 'ASN-7731' };
    const first = (await (await post({ documentId: idOf('RecordInboundMovement'), variables }, 'dev-partner')).json()) as {
      data: { recordMovement: { movement: { id: string; status: string; quantity: string }; userErrors: unknown[] } };
    };
    expect(first.data.recordMovement).toMatchObject({ movement: { status: 'POSTED', quantity: '12' }, userErrors: [] });
    const again = (await (await post({ documentId: idOf('RecordInboundMovement'), variables }, 'dev-partner')).json()) as typeof first;
    expect(again.data.recordMovement.movement.id).toBe(first.data.recordMovement.movement.id);

    const response = await get({ documentId: idOf('MovementsSince'), variables: JSON.stringify({ partNumberId: '25', since }) }, 'dev-partner');
    const listed = (await response.json()) as { data: { movements: { totalCount: number; edges: { node: { id: string; documentRef: string } }[] } } };
    expect(listed.data.movements.edges.map((edge) => edge.node)).toContainEqual(expect.objectContaining({ id: first.data.recordMovement.movement.id, documentRef: 'ASN-7731' }));
  });

  it('refuses mutations over GET', async () => {
    const response = await get({ query: 'mutation { __typename }' });
    expect(response.status).toBe(405);
  });
});
