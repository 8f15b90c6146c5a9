import { startSubgraphForTest, type GraphQLResult, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';

describe('the catalog subgraph', () => {
  let catalog: SubgraphUnderTest;

  beforeAll(async () => {
    catalog = await startSubgraphForTest(start, inject('databaseUrl'));
  });
  afterAll(() => catalog?.stop());

  it('finds an asset by id or by serial number, with its part number', async () => {
    const { data, errors } = await catalog.execute(`{
      byId: asset(id: "1") { serialNumber status condition partNumber { code unitOfMeasure serialized } }
      bySerial: asset(serialNumber: "SN-000001") { id }
      missing: asset(serialNumber: "NO-SUCH-SERIAL") { id }
    }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      byId: { serialNumber: 'SN-000001', status: 'IN_USE', condition: 'GOOD', partNumber: { code: 'PN-LAP-0001', unitOfMeasure: 'EA', serialized: true } },
      bySerial: { id: '1' },
      missing: null,
    });
  });

  it('asks for exactly one of id and serial number', async () => {
    for (const query of ['{ asset { id } }', '{ asset(id: "1", serialNumber: "SN-000001") { id } }', '{ partNumber { id } }']) {
      const { errors } = await catalog.execute(query);
      expect(errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
    }
  });

  it('pages through every asset newest first, with a total that matches', async () => {
    const ids: number[] = [];
    let after: string | null = null;
    let totalCount = 0;
    do {
      const { data, errors }: GraphQLResult = await catalog.execute(
        `query ($after: String) { assets(first: 100, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(errors).toBeUndefined();
      totalCount = data.assets.totalCount;
      ids.push(...data.assets.edges.map((edge: any) => Number(edge.node.id)));
      after = data.assets.pageInfo.hasNextPage ? data.assets.pageInfo.endCursor : null;
    } while (after);
    expect(ids.length).toBe(totalCount);
    expect(totalCount).toBeGreaterThanOrEqual(200);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it('filters assets by status and part number, and part numbers by category', async () => {
    const { data } = await catalog.execute(`{
      inUse: assets(first: 100, filter: { status: [IN_USE], partNumberId: "1" }) { totalCount edges { node { status partNumber { id } } } }
      cables: partNumbers(first: 100, filter: { category: "Cables", serialized: false }) { totalCount edges { node { code category } } }
    }`);
    expect(data.inUse.totalCount).toBe(data.inUse.edges.length);
    for (const edge of data.inUse.edges) expect(edge.node).toEqual({ status: 'IN_USE', partNumber: { id: '1' } });
    // Other tests may add cables of their own; the demo's eight are always there.
    expect(data.cables.totalCount).toBe(data.cables.edges.length);
    const demoCables = Array.from({ length: 8 }, (_, index) => `PN-CAB-000${index + 1}`);
    expect(demoCables.filter((code) => !data.cables.edges.some((edge: any) => edge.node.code === code))).toEqual([]);
    expect(data.cables.edges.every((edge: any) => edge.node.category === 'Cables')).toBe(true);
  });

  it('lists the assets of many part numbers in one statement', async () => {
    const { data, errors } = await catalog.execute(`{ partNumbers(first: 30, filter: { serialized: true }) {
      edges { node { code assets(first: 3) { totalCount edges { node { serialNumber } } } } } } }`);
    expect(errors).toBeUndefined();
    expect(data.partNumbers.edges.length).toBeGreaterThan(10);
    for (const { node } of data.partNumbers.edges) {
      expect(node.assets.edges.length, node.code).toBe(Math.min(3, node.assets.totalCount));
    }
    expect([...catalog.statements].sort()).toEqual(['countAssetsOfPartNumbers', 'listAssetsOfPartNumbers', 'listPartNumbers']);
  });

  it('resolves any number of entity references in one statement per type', async () => {
    const representations = [
      ...Array.from({ length: 60 }, (_, index) => ({ __typename: 'Asset', id: String(index + 1) })),
      ...Array.from({ length: 20 }, (_, index) => ({ __typename: 'PartNumber', id: String(index + 1) })),
    ];
    const { data, errors } = await catalog.execute(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on Asset { serialNumber } ... on PartNumber { code } } }`,
      { representations },
    );
    expect(errors).toBeUndefined();
    expect(data._entities).toHaveLength(80);
    expect(data._entities[0]).toEqual({ serialNumber: 'SN-000001' });
    expect([...catalog.statements].sort()).toEqual(['findAssetsByIds', 'findPartNumbersByIds']);
  });

  it('fails only the malformed reference in a batch, as bad user input', async () => {
    const { data, errors } = await catalog.execute(`{ _entities(representations: [
      { __typename: "Asset", id: "1" }, { __typename: "Asset", id: "1; DROP TABLE x" }
    ]) { ... on Asset { serialNumber } } }`);
    expect(data._entities[0]).toEqual({ serialNumber: 'SN-000001' });
    expect(data._entities[1]).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
