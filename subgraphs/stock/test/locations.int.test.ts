import { uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocation, createPart, EventBus, record, startStockFixture } from './helpers.ts';

const MOVE = `mutation ($input: MoveLocationInput!) { moveLocation(input: $input) { location { id path depth parent { id } } userErrors { code field message } } }`;
const CREATE = `mutation ($input: CreateLocationInput!) { createLocation(input: $input) {
  location { code name type active address city country latitude longitude capacity metadata depth path parent { code } }
  userErrors { code field message } } }`;

describe('the location tree', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;

  beforeAll(async () => {
    ({ stock, bus } = await startStockFixture());
  });
  afterAll(() => stock?.stop());

  it('creates a location with its details under a parent that suits its type', async () => {
    const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
    const code = `SH-${uniqueTag()}`;
    const { data } = await stock.execute(CREATE, {
      input: { code, name: 'Shelf one', type: 'SHELF', parentId: warehouse.id, address: '1 Dock Road', city: 'Porto', country: 'PT',
        latitude: '41.15', longitude: '-8.61', capacity: 120, metadata: { aisle: 3 } },
    }, { as: 'operator' });
    expect(data.createLocation).toEqual({
      location: { code, name: 'Shelf one', type: 'SHELF', active: true, address: '1 Dock Road', city: 'Porto', country: 'PT', latitude: '41.15',
        longitude: '-8.61', capacity: '120', metadata: { aisle: 3 }, depth: 1, path: `${warehouse.code}/${code}`, parent: { code: warehouse.code } },
      userErrors: [],
    });
  });

  it('refuses a parent of the wrong type, a bin with children, an unknown parent and a taken code', async () => {
    const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
    const bin = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
    const attempt = async (input: Record<string, unknown>) =>
      (await stock.execute(CREATE, { input: { code: `X-${uniqueTag()}`, name: 'x', ...input } }, { as: 'operator' })).data.createLocation;
    expect(await attempt({ type: 'SHELF', parentId: bin.id })).toEqual({
      location: null, userErrors: [{ code: 'INVALID_VALUE', field: ['input', 'parentId'], message: 'A SHELF location needs a WAREHOUSE or a VEHICLE, not a BIN.' }],
    });
    expect(await attempt({ type: 'BIN', parentId: null })).toEqual({
      location: null, userErrors: [{ code: 'INVALID_VALUE', field: ['input', 'type'], message: 'A BIN location needs a SHELF or a WAREHOUSE or a VEHICLE, not no parent.' }],
    });
    expect((await attempt({ type: 'SHELF', parentId: '999999999' })).userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'parentId'], message: 'Location 999999999 does not exist.' },
    ]);
    expect((await attempt({ type: 'WAREHOUSE', code: warehouse.code })).userErrors).toEqual([
      { code: 'DUPLICATE', field: ['input', 'code'], message: `A location with code ${warehouse.code} already exists.` },
    ]);
  });

  it('moves a subtree, rewriting every path below it and every rollup above it', async () => {
    const north = await createLocation(stock, { type: 'WAREHOUSE' });
    const south = await createLocation(stock, { type: 'WAREHOUSE' });
    const zone = await createLocation(stock, { type: 'WAREHOUSE', parentId: north.id });
    const shelf = await createLocation(stock, { type: 'SHELF', parentId: zone.id });
    const bin = await createLocation(stock, { type: 'BIN', parentId: shelf.id });
    const part = await createPart(stock.db, bus);
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '8', unitCost: '2.5', toLocationId: bin.id });

    const rollup = `query ($ids: [_Any!]!) { _entities(representations: $ids) { ... on Location {
      code stockValue balances(includeDescendants: true) { partNumber { id } location { code } onHand available } } } }`;
    const reps = [north, south].map((location) => ({ __typename: 'Location', id: location.id }));
    const before = await stock.execute(rollup, { ids: reps });
    expect(before.data._entities).toEqual([
      { code: north.code, stockValue: '20', balances: [{ partNumber: { id: part.id }, location: { code: north.code }, onHand: '8', available: '8' }] },
      { code: south.code, stockValue: '0', balances: [] },
    ]);

    const { data } = await stock.execute(MOVE, { input: { id: zone.id, parentId: south.id } }, { as: 'operator' });
    expect(data.moveLocation).toEqual({ location: { id: zone.id, path: `${south.code}/${zone.code}`, depth: 1, parent: { id: south.id } }, userErrors: [] });
    const { data: tree } = await stock.execute(`query ($code: String!) { location(code: $code) { path depth ancestors { code } } }`, { code: bin.code });
    expect(tree.location).toEqual({ path: `${south.code}/${zone.code}/${shelf.code}/${bin.code}`, depth: 3, ancestors: [{ code: south.code }, { code: zone.code }, { code: shelf.code }] });
    const [paths] = await stock.db.query<{ bad: number }>(
      't', `SELECT count(*)::int AS bad FROM stock.location l JOIN stock.location p ON p.id = l.parent_id
            WHERE l.path <> p.path || l.id AND l.path @> ARRAY[$1::bigint]`, [south.id],
    );
    expect(paths!.bad).toBe(0);

    const after = await stock.execute(rollup, { ids: reps });
    expect(after.data._entities).toEqual([
      { code: north.code, stockValue: '0', balances: [] },
      { code: south.code, stockValue: '20', balances: [{ partNumber: { id: part.id }, location: { code: south.code }, onHand: '8', available: '8' }] },
    ]);
    const { data: below } = await stock.execute(`query ($id: ID!) { location(id: $id) { descendants { code depth } children: descendants(maxDepth: 1) { code } } }`, { id: south.id });
    expect(below.location).toEqual({ descendants: [{ code: zone.code, depth: 1 }, { code: shelf.code, depth: 2 }, { code: bin.code, depth: 3 }], children: [{ code: zone.code }] });
  });

  it('refuses to move a location under itself or under one of its descendants', async () => {
    const root = await createLocation(stock, { type: 'WAREHOUSE' });
    const zone = await createLocation(stock, { type: 'WAREHOUSE', parentId: root.id });
    const { data } = await stock.execute(MOVE, { input: { id: root.id, parentId: zone.id } }, { as: 'operator' });
    expect(data.moveLocation).toEqual({
      location: null,
      userErrors: [{ code: 'INVALID_VALUE', field: ['input', 'parentId'], message: `Location ${zone.code} is inside ${root.code}; a location cannot move under itself.` }],
    });
    const self = await stock.execute(MOVE, { input: { id: root.id, parentId: root.id } }, { as: 'operator' });
    expect(self.data.moveLocation.userErrors[0].code).toBe('INVALID_VALUE');
  });

  it('never builds a cycle from two opposite moves at once', async () => {
    const root = await createLocation(stock, { type: 'WAREHOUSE' });
    const a = await createLocation(stock, { type: 'WAREHOUSE', parentId: root.id });
    const b = await createLocation(stock, { type: 'WAREHOUSE', parentId: root.id });
    const [one, two] = await Promise.all([
      stock.execute(MOVE, { input: { id: a.id, parentId: b.id } }, { as: 'operator' }),
      stock.execute(MOVE, { input: { id: b.id, parentId: a.id } }, { as: 'operator' }),
    ]);
    const succeeded = [one, two].filter((result) => result.data.moveLocation.userErrors.length === 0);
    expect(succeeded).toHaveLength(1);
    const rows = await stock.db.query<{ id: string; path: string[] }>('t', 'SELECT id, path::text[] AS path FROM stock.location WHERE id = ANY($1::bigint[]) ORDER BY id', [[a.id, b.id]]);
    for (const row of rows) expect(new Set(row.path).size).toBe(row.path.length);
  });

  it('moves a subtree while children are added under it, and every path stays right', async () => {
    const north = await createLocation(stock, { type: 'WAREHOUSE' });
    const south = await createLocation(stock, { type: 'WAREHOUSE' });
    const zone = await createLocation(stock, { type: 'WAREHOUSE', parentId: north.id });
    await Promise.all([
      ...Array.from({ length: 10 }, () => createLocation(stock, { type: 'SHELF', parentId: zone.id })),
      stock.execute(MOVE, { input: { id: zone.id, parentId: south.id } }, { as: 'operator' }),
    ]);
    const rows = await stock.db.query<{ path: string[] }>('t', 'SELECT path::text[] AS path FROM stock.location WHERE parent_id = $1', [zone.id]);
    expect(rows).toHaveLength(10);
    for (const row of rows) expect(row.path.slice(0, 2)).toEqual([south.id, zone.id]);
  });

  it('lets only operators and admins change the tree', async () => {
    const { errors } = await stock.execute(CREATE, { input: { code: `X-${uniqueTag()}`, name: 'x', type: 'WAREHOUSE' } }, { as: 'analyst' });
    expect(errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
