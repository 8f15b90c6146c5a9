import {
  AssetOverviewDocument,
  LocationByCodeDocument,
  RecordInboundMovementDocument,
  createInventoryClient,
  gql,
  StockByPartCodeDocument,
  type AssetOverviewQuery,
  type StockByPartCodeQuery,
  type StockByPartCodeQueryVariables,
} from '@inventory/client';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, expectTypeOf, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';

describe('the typed client', () => {
  let stack: Stack;
  const requests: { method: string; body: string | null; url: string }[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    requests.push({ method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? init.body : null, url: String(input) });
    return fetch(input, init);
  };

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
  });
  afterAll(() => stack?.stop());

  it('runs a registered operation for a partner by its id, with typed variables and result', async () => {
    const client = createInventoryClient({ url: `${stack.gatewayUrl}/graphql`, apiKey: 'dev-partner', operations: 'registered', fetch: recordingFetch });
    const variables: StockByPartCodeQueryVariables = { code: 'PN-CAB-0001' };
    requests.length = 0;
    const { data, error } = await client.query({ query: StockByPartCodeDocument, variables });
    expect(error).toBeUndefined();
    expectTypeOf(data).toEqualTypeOf<StockByPartCodeQuery | undefined>();
    expect(data?.partNumber?.code).toBe('PN-CAB-0001');
    expect(data?.partNumber?.balances.length).toBeGreaterThan(0);
    // By id, as a cacheable GET, never with the query text: the gateway refuses text from partner keys.
    expect(requests).toHaveLength(1);
    expect(requests[0]!.method).toBe('GET');
    expect(new URL(requests[0]!.url).searchParams.get('query')).toBeNull();
    expect(decodeURIComponent(requests[0]!.url)).toContain('sha256Hash');
  });

  it('sends other operations as text for roles that may, and registered ones still by id', async () => {
    const client = createInventoryClient({ url: `${stack.gatewayUrl}/graphql`, apiKey: 'dev-analyst', fetch: recordingFetch });
    requests.length = 0;
    const free = await client.query<{ partNumber: { id: string; code: string } | null }>({
      query: gql`
        query PartCode {
          partNumber(code: "PN-CAB-0002") {
            id
            code
          }
        }
      `,
    });
    expect(free.data?.partNumber?.code).toBe('PN-CAB-0002');
    const overview = await client.query({ query: AssetOverviewDocument, variables: { id: '1' } });
    expectTypeOf(overview.data).toEqualTypeOf<AssetOverviewQuery | undefined>();
    expect(overview.data?.asset?.id).toBe('1');
    expect(requests.map((request) => request.method)).toEqual(['POST', 'GET']);
  });

  it("keeps a normalized cache right after a mutation, from the mutation's payload alone", async () => {
    const client = createInventoryClient({ url: `${stack.gatewayUrl}/graphql`, apiKey: 'dev-operator', fetch: recordingFetch });
    const PartStock = gql`
      query PartStock($code: String!) {
        partNumber(code: $code) {
          id
          stock {
            onHand
            available
          }
          balances {
            id
            onHand
            available
            location {
              id
              code
            }
          }
        }
      }
    `;
    type PartStockData = {
      partNumber: { id: string; stock: { onHand: string; available: string }; balances: { id: string; onHand: string; available: string; location: { id: string } }[] };
    };
    const before = (await client.query<PartStockData>({ query: PartStock, variables: { code: 'PN-CAB-0001' } })).data!.partNumber;
    const balance = before.balances[0]!;

    requests.length = 0;
    const received = await client.mutate<{ recordMovement: { userErrors: unknown[]; movement: { status: string } } }>({
      mutation: gql`
        mutation Receive($input: RecordMovementInput!) {
          recordMovement(input: $input) {
            movement {
              id
              status
              partNumber {
                id
                stock {
                  onHand
                  available
                }
              }
            }
            balances {
              id
              onHand
              available
            }
            userErrors {
              code
              message
            }
          }
        }
      `,
      variables: {
        input: { idempotencyKey: `cache-${Date.now()}`, type: 'INBOUND', partNumberId: before.id, toLocationId: balance.location.id, quantity: '1', unitCost: '1' },
      },
    });
    expect(received.data?.recordMovement.userErrors).toEqual([]);
    expect(received.data?.recordMovement.movement.status).toBe('POSTED');

    // Read from the cache only: no request is sent, and the balance and totals show the receipt.
    const after = client.readQuery<PartStockData>({ query: PartStock, variables: { code: 'PN-CAB-0001' } })!.partNumber;
    expect(requests).toHaveLength(1);
    const plusOne = (value: string) => String(Number(value) + 1);
    expect(after.balances.find((row) => row.id === balance.id)).toMatchObject({ onHand: plusOne(balance.onHand), available: plusOne(balance.available) });
    expect(after.stock).toEqual({ __typename: 'StockLevel', onHand: plusOne(before.stock.onHand), available: plusOne(before.stock.available) });
  });

  it('lets a partner record goods received with registered operations alone, looking up the ids it needs', async () => {
    const client = createInventoryClient({ url: `${stack.gatewayUrl}/graphql`, apiKey: 'dev-partner', operations: 'registered' });
    const location = (await client.query({ query: LocationByCodeDocument, variables: { code: 'CDC-Z1-S01-B01' } })).data?.location;
    const part = (await client.query({ query: StockByPartCodeDocument, variables: { code: 'PN-CAB-0001' } })).data?.partNumber;
    expect(location?.code).toBe('CDC-Z1-S01-B01');
    const received = await client.mutate({
      mutation: RecordInboundMovementDocument,
      variables: { idempotencyKey: `partner-${Date.now()}`, partNumberId: part!.id, toLocationId: location!.id, quantity: '2', documentRef: 'DN-TEST-1' },
    });
    expect(received.data?.recordMovement.userErrors).toEqual([]);
    expect(received.data?.recordMovement.movement).toMatchObject({ status: 'POSTED', quantity: '2', to: { code: 'CDC-Z1-S01-B01' } });
  });
});

describe('the partner contract page', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
  });
  afterAll(() => stack?.stop());

  it('describes every current registered operation with its id, variables, an example and the error codes', async () => {
    const manifest = JSON.parse(readFileSync(new URL('../../schema/persisted-operations.json', import.meta.url), 'utf8')) as { operations: { id: string; name: string; supersededBy?: string }[] };
    const page = await fetch(`${stack.gatewayUrl}/docs/partners`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    for (const operation of manifest.operations.filter((candidate) => !candidate.supersededBy)) {
      expect(html).toContain(`<h2>${operation.name}</h2>`);
      expect(html).toContain(operation.id);
    }
    expect(html).toContain('<code>toLocationId</code>');
    expect(html).toContain('PERSISTED_QUERY_NOT_IN_LIST');
    const markdown = await fetch(`${stack.gatewayUrl}/docs/partners.md`);
    expect(markdown.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(await markdown.text()).toMatch(/^# Partner operations/);
  });
});
