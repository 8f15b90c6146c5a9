import { startSubgraphForTest, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';

describe('the stock subgraph', () => {
  let stock: SubgraphUnderTest;

  beforeAll(async () => {
    stock = await startSubgraphForTest(start, inject('databaseUrl'));
  });
  afterAll(() => stock?.stop());

  it('walks a location up to its root and down to its children', async () => {
    const { data, errors } = await stock.execute(`{ location(code: "CDC-Z1-S01-B01") {
      type depth path parent { code } ancestors { code type depth }
    } root: location(code: "CDC") { depth parent { code } children { code } } }`);
    expect(errors).toBeUndefined();
    expect(data.location).toEqual({
      type: 'BIN',
      depth: 3,
      path: 'CDC/CDC-Z1/CDC-Z1-S01/CDC-Z1-S01-B01',
      parent: { code: 'CDC-Z1-S01' },
      ancestors: [
        { code: 'CDC', type: 'WAREHOUSE', depth: 0 },
        { code: 'CDC-Z1', type: 'WAREHOUSE', depth: 1 },
        { code: 'CDC-Z1-S01', type: 'SHELF', depth: 2 },
      ],
    });
    expect(data.root).toEqual({ depth: 0, parent: null, children: [{ code: 'CDC-Z1' }, { code: 'CDC-Z2' }] });
  });

  it('reads the ancestors of many locations with one lookup', async () => {
    const { data, errors } = await stock.execute(`{ locations(first: 100, filter: { type: [BIN] }) {
      totalCount edges { node { code depth ancestors { code } } } } }`);
    expect(errors).toBeUndefined();
    expect(data.locations.edges.length).toBeGreaterThanOrEqual(41);
    for (const { node } of data.locations.edges) expect(node.ancestors.length, node.code).toBe(node.depth);
    expect([...stock.statements].sort()).toEqual(['countLocations', 'findLocationsByIds', 'listLocations']);
  });

  it('sums the balances of a part number into its stock level', async () => {
    const { data } = await stock.execute(`{ _entities(representations: [{ __typename: "PartNumber", id: "25" }]) {
      ... on PartNumber { balances { onHand reserved available location { code } } stock { onHand reserved available } } } }`);
    const [part] = data._entities;
    expect(part.balances.length).toBeGreaterThan(0);
    const sum = part.balances.reduce((total: number, balance: any) => total + Number(balance.onHand), 0);
    expect(Number(part.stock.onHand)).toBe(sum);
    expect(part.stock.available).toBe(part.stock.onHand);
    expect(part.balances.map((b: any) => b.location.code)).toEqual([...part.balances.map((b: any) => b.location.code)].sort());
  });

  it('gives a part number it holds nothing of empty balances and zero stock', async () => {
    const { data, errors } = await stock.execute(`{ _entities(representations: [{ __typename: "PartNumber", id: "999999" }]) {
      ... on PartNumber { balances { onHand } stock { onHand reserved available } } } }`);
    expect(errors).toBeUndefined();
    expect(data._entities).toEqual([{ balances: [], stock: { onHand: '0', reserved: '0', available: '0' } }]);
  });

  it('follows an asset through its movements, newest first, one page at a time', async () => {
    const first = await stock.execute(`{ _entities(representations: [{ __typename: "Asset", id: "1" }]) {
      ... on Asset { location { code } movements(first: 2) { totalCount edges { node { type from { code } to { code } } } pageInfo { hasNextPage endCursor } } } } }`);
    const [asset] = first.data._entities;
    expect(asset.location).toEqual({ code: 'CDC-Z1-S01-B01' });
    expect(asset.movements.totalCount).toBe(4);
    expect(asset.movements.edges.map((e: any) => e.node.type)).toEqual(['RETURN', 'TRANSFER']);
    // The newest movement explains where the asset is now.
    expect(asset.movements.edges[0].node.to).toEqual(asset.location);
    const second = await stock.execute(
      `query ($after: String) { _entities(representations: [{ __typename: "Asset", id: "1" }]) {
        ... on Asset { movements(first: 2, after: $after) { edges { node { type } } pageInfo { hasNextPage hasPreviousPage } } } } }`,
      { after: asset.movements.pageInfo.endCursor },
    );
    expect(second.data._entities[0].movements).toEqual({
      edges: [{ node: { type: 'TRANSFER' } }, { node: { type: 'INBOUND' } }],
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
    });
  });

  it('resolves the locations and timelines of many assets in a fixed number of statements', async () => {
    const representations = Array.from({ length: 80 }, (_, index) => ({ __typename: 'Asset', id: String(index + 1) }));
    const { data, errors } = await stock.execute(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on Asset { location { code ancestors { code } } movements(first: 3) { edges { node { from { code } to { code } } } } } } }`,
      { representations },
    );
    expect(errors).toBeUndefined();
    expect(data._entities).toHaveLength(80);
    expect([...stock.statements].sort()).toEqual(['findPositionsOfAssets', 'listMovementsOfAssets']);
  });

  it('lists the assets at a location, or anywhere below it, from the positions their movements left', async () => {
    const { data, errors } = await stock.execute(`{
      bin: location(code: "CDC-Z1-S01-B01") { assets(first: 100) { totalCount edges { node { id location { code } } } } }
      centre: location(code: "CDC") { assets(first: 5, includeDescendants: true) { totalCount edges { node { id location { path } } } pageInfo { hasNextPage } } }
      site: location(code: "SITE-ALPHA") { assets { totalCount } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.bin.assets.edges.map((edge: any) => edge.node.id)).toContain('1');
    expect(data.bin.assets.totalCount).toBe(data.bin.assets.edges.length);
    for (const edge of data.bin.assets.edges) expect(edge.node.location).toEqual({ code: 'CDC-Z1-S01-B01' });
    expect(data.centre.assets.totalCount).toBeGreaterThan(data.bin.assets.totalCount);
    expect(data.centre.assets.pageInfo.hasNextPage).toBe(true);
    for (const edge of data.centre.assets.edges) expect(edge.node.location.path).toMatch(/^CDC\//);
  });

  it('pages the assets of many locations in one statement', async () => {
    const { data, errors } = await stock.execute(`{ locations(first: 60, filter: { type: [BIN] }) { edges { node { assets(first: 2) { edges { cursor node { id } } } } } } }`);
    expect(errors).toBeUndefined();
    expect(data.locations.edges.length).toBeGreaterThan(40);
    expect([...stock.statements].filter((name) => name.startsWith('listAssets'))).toEqual(['listAssetsAtLocations']);
  });

  it('filters the ledger by status and type', async () => {
    // The demo's pending adjustments date from early 2026; other tests add newer ones.
    const { data } = await stock.execute(`{ movements(first: 50, filter: { status: [PENDING_APPROVAL], type: [ADJUSTMENT], createdBefore: "2026-06-01T00:00:00Z" }) {
      totalCount edges { node { status type reason postedAt } } } }`);
    expect(data.movements.totalCount).toBe(6);
    for (const { node } of data.movements.edges) {
      expect(node).toEqual({ status: 'PENDING_APPROVAL', type: 'ADJUSTMENT', reason: 'Cycle count shortfall', postedAt: null });
    }
  });
});
