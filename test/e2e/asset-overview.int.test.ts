import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAssetWithLists } from '../support/fixtures.ts';
import { operation } from '../support/operations.ts';
import { startStack, type Stack } from '../support/stack.ts';

const ASSET_OVERVIEW = operation('AssetOverview');

describe('the AssetOverview query through the gateway', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
  });
  afterAll(() => stack?.stop());

  it('answers every section from all four subgraphs for the showcase asset', async () => {
    const { status, body } = await stack.execute(ASSET_OVERVIEW, { id: '1' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const asset = body.data.asset;
    expect(asset).toMatchObject({ id: '1', serialNumber: 'SN-000001', status: 'IN_USE', condition: 'GOOD' });
    expect(asset.partNumber.code).toBe('PN-LAP-0001');
    expect(asset.partNumber.balances.length).toBeGreaterThan(0);
    expect(asset.partNumber.balances[0]).toEqual({
      location: { code: expect.any(String), name: expect.any(String) },
      onHand: expect.stringMatching(/^\d+(\.\d+)?$/),
      reserved: expect.any(String),
      available: expect.any(String),
    });
    expect(asset.location).toMatchObject({ code: 'CDC-Z1-S01-B01', type: 'BIN' });
    expect(asset.location.ancestors.map((a: { code: string }) => a.code)).toEqual(['CDC', 'CDC-Z1', 'CDC-Z1-S01']);
    expect(asset.movements.edges.map((e: { node: { type: string } }) => e.node.type)).toEqual(['RETURN', 'TRANSFER', 'TRANSFER', 'INBOUND']);
    expect(asset.movements.edges[0].node).toMatchObject({ quantity: '1', from: { code: 'SITE-ALPHA' }, to: { code: 'CDC-Z1-S01-B01' } });
    expect(asset.configurationItem.code).toBe('CI-WS-0001');
    expect(asset.configurationItem.relationships.length).toBeGreaterThan(0);
    expect(asset.configurationItem.relationships[0]).toMatchObject({ direction: 'OUTGOING', target: { code: expect.any(String) } });
    expect(asset.configurationItem.services.map((s: { criticality: string }) => s.criticality)).toEqual(['CRITICAL', 'HIGH']);
    expect(asset.pendingApprovals).toEqual([
      { id: expect.any(String), status: 'PENDING', currentLevel: 1 },
      { id: expect.any(String), status: 'PENDING', currentLevel: 1 },
    ]);
  });

  it('runs the same SQL statements in every subgraph whether its lists hold 1 entry or 50', async () => {
    const small = await createAssetWithLists(inject('databaseUrl'), 'NPLUS1-ONE', 1);
    const large = await createAssetWithLists(inject('databaseUrl'), 'NPLUS1-MANY', 50);

    const run = async (assetId: string) => {
      const { result, statements } = await stack.countStatements(() => stack.execute(ASSET_OVERVIEW, { id: assetId }));
      expect(result.body.errors).toBeUndefined();
      return { asset: result.body.data.asset, statements };
    };
    const one = await run(small.assetId);
    const many = await run(large.assetId);

    // The lists really differ in size...
    expect(one.asset.partNumber.balances).toHaveLength(1);
    expect(many.asset.partNumber.balances).toHaveLength(50);
    expect(one.asset.configurationItem.relationships).toHaveLength(1);
    expect(many.asset.configurationItem.relationships).toHaveLength(50);
    expect(many.asset.configurationItem.services).toHaveLength(50);
    expect(many.asset.pendingApprovals).toHaveLength(50);
    expect(many.asset.movements.edges).toHaveLength(5);
    // ...and the statements do not.
    const sorted = (statements: Record<string, string[]>) =>
      Object.fromEntries(Object.entries(statements).map(([name, list]) => [name, [...list].sort()]));
    expect(sorted(many.statements)).toEqual(sorted(one.statements));
    // One statement per entity fetch and per level of nesting, nothing per item.
    const counts = Object.fromEntries(Object.entries(many.statements).map(([name, list]) => [name, list.length]));
    expect(counts).toEqual({ catalog: 2, stock: 3, cmdb: 4, approvals: 1 });
  });

  it('gives every concurrent request its own, correct answer', async () => {
    const ids = Array.from({ length: 40 }, (_, index) => String((index % 20) + 1));
    const responses = await Promise.all(ids.map((id) => stack.execute(ASSET_OVERVIEW, { id })));
    responses.forEach((response, index) => {
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.asset.id).toBe(ids[index]);
      expect(response.body.data.asset.serialNumber).toBe(`SN-${ids[index]!.padStart(6, '0')}`);
    });
    // The same asset asked twice at once yields the same document.
    expect(responses[0]!.body).toEqual(responses[20]!.body);
  });

  it('lists the assets at a location with their catalog data, from stock and catalog in one request', async () => {
    const { body } = await stack.execute(`{ location(code: "CDC-Z1-S01-B01") { assets { edges { node { serialNumber status partNumber { code } } } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.location.assets.edges).toContainEqual({ node: { serialNumber: 'SN-000001', status: 'IN_USE', partNumber: { code: 'PN-LAP-0001' } } });
  });

  it('returns null for an asset that does not exist', async () => {
    const { body } = await stack.execute(ASSET_OVERVIEW, { id: '999999999' });
    expect(body).toEqual({ data: { asset: null } });
  });
});
