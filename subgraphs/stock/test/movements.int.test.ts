import { randomUUID } from 'node:crypto';
import type { SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf, createAsset, createLocation, createPart, EventBus, ledgerDisagreements, partNumberSaved, record, RECORD_MOVEMENT, startStockFixture, type Place } from './helpers.ts';

describe('recording movements in the stock ledger', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;
  let warehouse: Place;
  let binA: Place;
  let binB: Place;

  beforeAll(async () => {
    ({ stock, bus, warehouse, bin: binA } = await startStockFixture());
    binB = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
  });
  afterAll(() => stock?.stop());

  it('posts a receipt, a transfer and an issue, and the balances follow', async () => {
    const part = await createPart(stock.db, bus, { unit: { code: 'KG', decimalPlaces: 3 } });
    const inbound = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '12.5', toLocationId: binA.id, unitCost: '4', documentRef: 'PO-1' });
    expect(inbound.userErrors).toEqual([]);
    expect(inbound.movement).toMatchObject({ type: 'INBOUND', status: 'POSTED', quantity: '12.5', totalCost: '50', from: null, to: { id: binA.id }, approvalTriggers: [] });
    await record(stock, { type: 'TRANSFER', partNumberId: part.id, quantity: '2.5', fromLocationId: binA.id, toLocationId: binB.id });
    await record(stock, { type: 'OUTBOUND', partNumberId: part.id, quantity: '1', fromLocationId: binB.id });
    expect(await balanceOf(stock.db, part.id, binA.id)).toEqual({ onHand: 10, reserved: 0 });
    expect(await balanceOf(stock.db, part.id, binB.id)).toEqual({ onHand: 1.5, reserved: 0 });
    const { data } = await stock.execute(`query ($id: ID!) { _entities(representations: [{ __typename: "PartNumber", id: $id }]) {
      ... on PartNumber { balances { location { id } onHand reserved available } stock { onHand available } } } }`, { id: part.id });
    const byCode = [
      { code: binA.code, balance: { location: { id: binA.id }, onHand: '10', reserved: '0', available: '10' } },
      { code: binB.code, balance: { location: { id: binB.id }, onHand: '1.5', reserved: '0', available: '1.5' } },
    ].sort((a, b) => (a.code < b.code ? -1 : 1));
    expect(data._entities[0]).toEqual({
      balances: byCode.map((each) => each.balance),
      stock: { onHand: '11.5', available: '11.5' },
    });
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
  });

  it('refuses an issue larger than the available stock and says how much there was', async () => {
    const part = await createPart(stock.db, bus);
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '3', toLocationId: binA.id });
    const result = await record(stock, { type: 'OUTBOUND', partNumberId: part.id, quantity: '4', fromLocationId: binA.id });
    expect(result.movement).toBeNull();
    expect(result.userErrors).toEqual([
      { code: 'INSUFFICIENT_STOCK', field: ['input', 'quantity'], message: `Only 3 of part number ${part.id} are available at location ${binA.id}; 4 requested.` },
    ]);
    expect(await balanceOf(stock.db, part.id, binA.id)).toEqual({ onHand: 3, reserved: 0 });
    const [{ count }] = (await stock.db.query<{ count: number }>('t', 'SELECT count(*)::int AS count FROM stock.movement WHERE part_number_id = $1', [part.id])) as [{ count: number }];
    expect(count).toBe(1);
  });

  it('explains which locations each movement type needs', async () => {
    const part = await createPart(stock.db, bus);
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'INBOUND', fromLocationId: binA.id, toLocationId: binB.id }, 'fromLocationId'],
      [{ type: 'OUTBOUND', toLocationId: binB.id }, 'fromLocationId'],
      [{ type: 'TRANSFER', fromLocationId: binA.id }, 'toLocationId'],
      [{ type: 'ADJUSTMENT', fromLocationId: binA.id, toLocationId: binB.id, reason: 'count' }, 'fromLocationId'],
      [{ type: 'ADJUSTMENT', toLocationId: binB.id }, 'reason'],
      [{ type: 'RESERVATION', fromLocationId: binA.id }, 'type'],
    ];
    for (const [input, fieldName] of cases) {
      const result = await record(stock, { partNumberId: part.id, quantity: '1', ...input });
      expect(result.movement, JSON.stringify(input)).toBeNull();
      expect(result.userErrors.map((error) => error.field), JSON.stringify(input)).toContainEqual(['input', fieldName]);
    }
    const zero = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '0', toLocationId: binA.id });
    expect(zero.userErrors).toEqual([{ code: 'INVALID_VALUE', field: ['input', 'quantity'], message: 'quantity must be a positive number with at most six decimal places.' }]);
    const unknown = await record(stock, { type: 'INBOUND', partNumberId: '999999999', quantity: '1', toLocationId: binA.id });
    expect(unknown.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'partNumberId'], message: 'Part number 999999999 is not known to stock.' }]);
  });

  it('returns the first movement for a repeated key and refuses the key with another input', async () => {
    const part = await createPart(stock.db, bus);
    const idempotencyKey = randomUUID();
    const input = { idempotencyKey, type: 'INBOUND', partNumberId: part.id, quantity: '5', toLocationId: binA.id };
    const first = await record(stock, input);
    const again = await record(stock, { ...input, quantity: '5.000' });
    expect(again).toEqual(first);
    const other = await record(stock, { ...input, quantity: '6' });
    expect(other).toEqual({
      movement: null,
      userErrors: [{ code: 'CONFLICT', field: ['input', 'idempotencyKey'], message: 'This idempotency key was already used for a different movement; use a new key.' }],
    });
    expect(await balanceOf(stock.db, part.id, binA.id)).toEqual({ onHand: 5, reserved: 0 });
  });

  it('moves a serialized asset only from where it is, one unit at a time, and tracks where it is', async () => {
    const part = await createPart(stock.db, bus, { serialized: true });
    const asset = await createAsset(stock.db, bus, part.id);
    expect((await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '1', toLocationId: binA.id })).userErrors[0]).toMatchObject({ code: 'INVALID_VALUE', field: ['input', 'assetId'] });
    expect((await record(stock, { type: 'INBOUND', partNumberId: part.id, assetId: asset, quantity: '2', toLocationId: binA.id })).userErrors[0]).toMatchObject({ code: 'INVALID_VALUE', field: ['input', 'quantity'] });
    expect((await record(stock, { type: 'INBOUND', partNumberId: part.id, assetId: asset, quantity: '1', toLocationId: binA.id })).userErrors).toEqual([]);
    const twice = await record(stock, { type: 'INBOUND', partNumberId: part.id, assetId: asset, quantity: '1', toLocationId: binB.id });
    expect(twice.userErrors).toEqual([{ code: 'INVALID_TRANSITION', field: ['input', 'assetId'], message: `Asset ${asset} is already in stock at location ${binA.id}.` }]);
    const wrongPlace = await record(stock, { type: 'TRANSFER', partNumberId: part.id, assetId: asset, quantity: '1', fromLocationId: binB.id, toLocationId: warehouse.id });
    expect(wrongPlace.userErrors).toEqual([{ code: 'INVALID_TRANSITION', field: ['input', 'fromLocationId'], message: `Asset ${asset} is at location ${binA.id}, not at location ${binB.id}.` }]);
    expect((await record(stock, { type: 'TRANSFER', partNumberId: part.id, assetId: asset, quantity: '1', fromLocationId: binA.id, toLocationId: binB.id })).userErrors).toEqual([]);
    const { data } = await stock.execute(`query ($id: ID!) { _entities(representations: [{ __typename: "Asset", id: $id }]) {
      ... on Asset { location { id } movements { totalCount edges { node { type } } } } } }`, { id: asset });
    expect(data._entities[0]).toEqual({ location: { id: binB.id }, movements: { totalCount: 2, edges: [{ node: { type: 'TRANSFER' } }, { node: { type: 'INBOUND' } }] } });
  });

  it('refuses to move an asset that catalog has scrapped', async () => {
    const part = await createPart(stock.db, bus, { serialized: true });
    const asset = await createAsset(stock.db, bus, part.id, 'SCRAPPED');
    const result = await record(stock, { type: 'INBOUND', partNumberId: part.id, assetId: asset, quantity: '1', toLocationId: binA.id });
    expect(result.userErrors).toEqual([{ code: 'INVALID_TRANSITION', field: ['input', 'assetId'], message: `Asset ${asset} is SCRAPPED: it can only leave stock (an OUTBOUND, or an ADJUSTMENT from its location), not move or enter it.` }]);
  });

  it('keeps the newest catalog copy when events arrive out of order', async () => {
    const part = await createPart(stock.db, bus);
    const newer = partNumberSaved(part, '2099-01-01T00:00:00.000002Z', { active: false, reorderPoint: '7', minimumStock: '2' });
    await bus.publishAndApply('catalog.part_number.saved', newer);
    await bus.publishAndApply('catalog.part_number.saved', { ...newer, active: true, reorderPoint: '1', version: '2099-01-01T00:00:00.000001Z' });
    const [copy] = await stock.db.query('t', 'SELECT active, reorder_point::text AS "reorderPoint" FROM stock.catalog_part_number WHERE id = $1', [part.id]);
    expect(copy).toEqual({ active: false, reorderPoint: '7.000000' });
    const refused = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '1', toLocationId: binA.id });
    expect(refused.userErrors).toEqual([{ code: 'INVALID_VALUE', field: ['input', 'partNumberId'], message: 'The part number is inactive; it can leave stock but not be received or moved.' }]);
  });

  it('skips a catalog event whose payload breaks its contract instead of retrying it forever', async () => {
    const part = await createPart(stock.db, bus);
    const broken = await bus.publishUnchecked('catalog.part_number.saved', { partNumberId: part.id, code: part.code, active: false, version: '2099-01-01T00:00:00Z' });
    await bus.applied([broken]);
    const [copy] = await stock.db.query('t', 'SELECT active FROM stock.catalog_part_number WHERE id = $1', [part.id]);
    expect(copy).toEqual({ active: true });
  });

  it('keeps posted movements unchangeable in the database itself', async () => {
    const part = await createPart(stock.db, bus);
    const { movement } = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '1', toLocationId: binA.id });
    for (const statement of [
      'UPDATE stock.movement SET quantity = 100 WHERE id = $1',
      `UPDATE stock.movement SET status = 'REJECTED', posted_at = NULL WHERE id = $1`,
      'DELETE FROM stock.movement WHERE id = $1',
    ]) {
      await expect(stock.db.query('t', statement, [movement.id]), statement).rejects.toMatchObject({ code: '23001' });
    }
  });

  it('lets only operators and admins record movements', async () => {
    const { data, errors } = await stock.execute(RECORD_MOVEMENT, {
      input: { idempotencyKey: randomUUID(), type: 'INBOUND', partNumberId: '1', quantity: '1', toLocationId: binA.id },
    }, { as: 'analyst' });
    expect(data?.recordMovement ?? null).toBeNull();
    expect(errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('audits every posted movement with its caller and request', async () => {
    const part = await createPart(stock.db, bus);
    const { movement } = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '1', toLocationId: binA.id });
    const rows = await stock.db.query('t', `SELECT action, actor, actor_roles AS roles, after->>'quantity' AS quantity FROM stock.audit_event WHERE entity_type = 'Movement' AND entity_id = $1`, [movement.id]);
    expect(rows).toEqual([{ action: 'movement.posted', actor: 'test-operator', roles: ['operator'], quantity: '1.000000' }]);
  });

  it('filters the ledger by document, date range and location subtree', async () => {
    const part = await createPart(stock.db, bus);
    const documentRef = `PO-${randomUUID()}`;
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '2', toLocationId: binA.id, documentRef });
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '3', toLocationId: binB.id });
    const query = `query ($filter: MovementFilter) { movements(first: 10, filter: $filter) { totalCount edges { node { quantity } } } }`;
    const byDocument = await stock.execute(query, { filter: { documentRef } });
    expect(byDocument.data.movements).toEqual({ totalCount: 1, edges: [{ node: { quantity: '2' } }] });
    const subtree = await stock.execute(query, { filter: { partNumberId: part.id, locationId: warehouse.id, includeDescendants: true } });
    expect(subtree.data.movements).toEqual({ totalCount: 2, edges: [{ node: { quantity: '3' } }, { node: { quantity: '2' } }] });
    const direct = await stock.execute(query, { filter: { partNumberId: part.id, locationId: warehouse.id } });
    expect(direct.data.movements.totalCount).toBe(0);
    const future = await stock.execute(query, { filter: { partNumberId: part.id, createdFrom: '2099-01-01T00:00:00Z' } });
    expect(future.data.movements.totalCount).toBe(0);
    const past = await stock.execute(query, { filter: { partNumberId: part.id, createdBefore: '2099-01-01T00:00:00Z' } });
    expect(past.data.movements.totalCount).toBe(2);
  });
});
