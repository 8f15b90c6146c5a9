import { randomUUID } from 'node:crypto';
import { silentLogger } from '@inventory/platform';
import { mutate, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReservationExpiry } from '../src/server.ts';
import {
  balanceOf,
  createAsset,
  createLocation,
  createPart,
  EventBus,
  ledgerDisagreements,
  record,
  serializedDisagreements,
  startStockFixture,
  type Place,
  type StockFixture,
} from './helpers.ts';

const RESERVATION = 'reservation { id status quantity project requester expiresAt location { id } partNumber { id } }';
const RESERVE = `mutation ($input: ReserveStockInput!) { reserveStock(input: $input) { ${RESERVATION} userErrors { code field message } } }`;
const RELEASE = `mutation ($input: ReleaseReservationInput!) { releaseReservation(input: $input) { reservation { id status closedAt } userErrors { code field message } } }`;
const FULFIL = `mutation ($input: FulfilReservationInput!) { fulfilReservation(input: $input) {
  reservation { status fulfilment { id } } movement { id type status quantity from { id } to { id } reservation { id } } userErrors { code field message } } }`;

describe('reservations', () => {
  let stock: SubgraphUnderTest;
  let bin: Place;
  let site: Place;
  let stockedPart: StockFixture['stockedPart'];

  beforeAll(async () => {
    ({ stock, bin, site, stockedPart } = await startStockFixture());
  });
  afterAll(() => stock?.stop());

  const reserve = (input: Record<string, unknown>) => mutate(stock, 'reserveStock', RESERVATION, { idempotencyKey: randomUUID(), locationId: bin.id, ...input });

  it('sets stock aside, lowering available but not on hand, and refuses more than is available', async () => {
    const part = await stockedPart('10');
    const first = await reserve({ partNumberId: part.id, quantity: '6', project: 'Alpha', requester: 'ana' });
    expect(first).toMatchObject({ reservation: { status: 'ACTIVE', quantity: '6', project: 'Alpha', requester: 'ana', expiresAt: null, location: { id: bin.id }, partNumber: { id: part.id } }, userErrors: [] });
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 10, reserved: 6 });
    const tooMuch = await reserve({ partNumberId: part.id, quantity: '5' });
    expect(tooMuch).toEqual({ reservation: null, userErrors: [{ code: 'INSUFFICIENT_STOCK', field: ['input', 'quantity'], message: `Only 4 of part number ${part.id} are available at location ${bin.id}; 5 requested.` }] });
    const issue = await record(stock, { type: 'OUTBOUND', partNumberId: part.id, quantity: '5', fromLocationId: bin.id });
    expect(issue.userErrors.map((error) => error.code)).toEqual(['INSUFFICIENT_STOCK']);
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
  });

  it('returns the same reservation for a repeated key, even sent 10 times at once', async () => {
    const part = await stockedPart('10');
    const input = { idempotencyKey: randomUUID(), partNumberId: part.id, locationId: bin.id, quantity: '2' };
    const results = await Promise.all(Array.from({ length: 10 }, () => stock.execute(RESERVE, { input }, { as: 'operator' })));
    expect(new Set(results.map((result) => result.data.reserveStock.reservation.id)).size).toBe(1);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 10, reserved: 2 });
    const other = await stock.execute(RESERVE, { input: { ...input, quantity: '3' } }, { as: 'operator' });
    expect(other.data.reserveStock.userErrors.map((error: { code: string }) => error.code)).toEqual(['CONFLICT']);
  });

  it('releases a reservation once and refuses to release it again', async () => {
    const part = await stockedPart('10');
    const { reservation } = await reserve({ partNumberId: part.id, quantity: '4' });
    const released = await stock.execute(RELEASE, { input: { reservationId: reservation.id } }, { as: 'operator' });
    expect(released.data.releaseReservation).toEqual({ reservation: { id: reservation.id, status: 'RELEASED', closedAt: expect.any(String) }, userErrors: [] });
    const again = await stock.execute(RELEASE, { input: { reservationId: reservation.id } }, { as: 'operator' });
    expect(again.data.releaseReservation.userErrors).toEqual([
      { code: 'INVALID_TRANSITION', field: ['input', 'reservationId'], message: `Reservation ${reservation.id} is RELEASED, not ACTIVE.` },
    ]);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 10, reserved: 0 });
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
  });

  it('refuses a release whose posting is refused, and leaves nothing of it behind (a state built in SQL: no request makes stock forget a part)', async () => {
    const part = await stockedPart('10');
    const { reservation } = await reserve({ partNumberId: part.id, quantity: '4' });
    // Stock's copies of catalog parts are only ever inserted or updated, so no client can take one away; removing it
    // here is the one way to have the RELEASE movement's posting refuse.
    const [copy] = await stock.db.query<{ code: string; version: Date }>(
      'testForgetPart', 'DELETE FROM stock.catalog_part_number WHERE id = $1 RETURNING code, version', [part.id],
    );
    const refused = await stock.execute(RELEASE, { input: { reservationId: reservation.id } }, { as: 'operator' });
    expect(refused.errors).toBeUndefined();
    expect(refused.data.releaseReservation).toEqual({
      reservation: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['input', 'partNumberId'], message: 'Stock has no record of this part number yet.' }],
    });
    await stock.db.query('testRestorePart', 'INSERT INTO stock.catalog_part_number (id, code, version) VALUES ($1, $2, $3)', [part.id, copy!.code, copy!.version]);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 10, reserved: 4 });
    const released = await stock.execute(RELEASE, { input: { reservationId: reservation.id } }, { as: 'operator' });
    expect(released.data.releaseReservation).toEqual({ reservation: { id: reservation.id, status: 'RELEASED', closedAt: expect.any(String) }, userErrors: [] });
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 10, reserved: 0 });
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
  });

  it('fulfils a reservation as one outbound movement, and a repeated call returns the same movement', async () => {
    const part = await stockedPart('10');
    const { reservation } = await reserve({ partNumberId: part.id, quantity: '3' });
    const first = await stock.execute(FULFIL, { input: { reservationId: reservation.id, toLocationId: site.id, documentRef: 'WO-1' } }, { as: 'operator' });
    const movement = first.data.fulfilReservation.movement;
    expect(first.data.fulfilReservation).toEqual({
      reservation: { status: 'FULFILLED', fulfilment: { id: movement.id } },
      movement: { id: movement.id, type: 'OUTBOUND', status: 'POSTED', quantity: '3', from: { id: bin.id }, to: { id: site.id }, reservation: { id: reservation.id } },
      userErrors: [],
    });
    const again = await stock.execute(FULFIL, { input: { reservationId: reservation.id, toLocationId: site.id } }, { as: 'operator' });
    expect(again.data.fulfilReservation.movement.id).toBe(movement.id);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 7, reserved: 0 });
    expect(await balanceOf(stock.db, part.id, site.id)).toEqual({ onHand: 3, reserved: 0 });
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
  });

  it('refuses an expiry in the past', async () => {
    const part = await stockedPart('1');
    expect(await reserve({ partNumberId: part.id, quantity: '1', expiresAt: '2020-01-01T00:00:00Z' })).toEqual({
      reservation: null, userErrors: [{ code: 'INVALID_VALUE', field: ['input', 'expiresAt'], message: 'expiresAt must be in the future.' }],
    });
  });

  const lapseSoon = () => new Date(Date.now() + 1_000).toISOString();
  const waitForLapse = () => new Promise((resolve) => setTimeout(resolve, 1_100));

  it('never fulfils a reservation past its expiry, even before the expiry worker has seen it', async () => {
    const part = await stockedPart('10');
    const { reservation } = await reserve({ partNumberId: part.id, quantity: '3', expiresAt: lapseSoon() });
    await waitForLapse();
    const refused = await stock.execute(FULFIL, { input: { reservationId: reservation.id, toLocationId: site.id } }, { as: 'operator' });
    expect(refused.data.fulfilReservation).toEqual({
      reservation: { status: 'EXPIRED', fulfilment: null },
      movement: null,
      userErrors: [{ code: 'INVALID_TRANSITION', field: ['input', 'reservationId'], message: expect.stringMatching(new RegExp(`^Reservation ${reservation.id} expired at `)) }],
    });
    const released = await stock.execute(RELEASE, { input: { reservationId: reservation.id } }, { as: 'operator' });
    expect(released.data.releaseReservation.userErrors.map((error: { code: string }) => error.code)).toEqual(['INVALID_TRANSITION']);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 10, reserved: 0 });
    expect(await balanceOf(stock.db, part.id, site.id)).toEqual({ onHand: 0, reserved: 0 });
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
  });

  it('lets stock held by a lapsed reservation be issued and reserved again before the expiry worker runs', async () => {
    const part = await stockedPart('10');
    const lapsed = (await reserve({ partNumberId: part.id, quantity: '8', expiresAt: lapseSoon() })).reservation;
    const kept = (await reserve({ partNumberId: part.id, quantity: '2' })).reservation;
    await waitForLapse();
    const issue = await record(stock, { type: 'OUTBOUND', partNumberId: part.id, quantity: '5', fromLocationId: bin.id });
    expect(issue.userErrors).toEqual([]);
    expect((await reserve({ partNumberId: part.id, quantity: '3' })).userErrors).toEqual([]);
    const statuses = await stock.db.query('t', 'SELECT id::text, status FROM stock.reservation WHERE id = ANY($1::bigint[]) ORDER BY id', [[lapsed.id, kept.id]]);
    expect(statuses).toEqual([{ id: lapsed.id, status: 'EXPIRED' }, { id: kept.id, status: 'ACTIVE' }]);
    // Ended by the system, in the request that needed its stock.
    const [ended] = await stock.db.query<{ actor: string; sameRequest: boolean }>('t', `SELECT e.actor, e.request_id = (
        SELECT i.request_id FROM stock.audit_event i WHERE i.entity_type = 'Movement' AND i.entity_id = $2) AS "sameRequest"
      FROM stock.audit_event e WHERE e.entity_type = 'Reservation' AND e.entity_id = $1 AND e.action = 'reservation.expired'`, [lapsed.id, issue.movement.id]);
    expect(ended).toEqual({ actor: 'stock:reservation-expiry', sameRequest: true });
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 5, reserved: 5 });
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
  });

  it('releases overdue reservations exactly once with several workers sweeping at once', async () => {
    const part = await stockedPart('20');
    const ids: string[] = [];
    for (let index = 0; index < 8; index++) {
      const { reservation } = await reserve({ partNumberId: part.id, quantity: '2', expiresAt: new Date(Date.now() + 1_000).toISOString() });
      ids.push(reservation.id);
    }
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 20, reserved: 16 });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const workers = Array.from({ length: 4 }, () => createReservationExpiry({ db: stock.db, logger: silentLogger, intervalMs: 60_000 }));
    await Promise.all(workers.map((worker) => worker.runNow()));
    const rows = await stock.db.query<{ status: string; releases: number }>(
      't',
      `SELECT r.status, (SELECT count(*)::int FROM stock.movement m WHERE m.reservation_id = r.id AND m.type = 'RELEASE') AS releases
       FROM stock.reservation r WHERE r.id = ANY($1::bigint[])`,
      [ids],
    );
    expect(rows).toEqual(ids.map(() => ({ status: 'EXPIRED', releases: 1 })));
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 20, reserved: 0 });
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
  });
});

describe('reservations of serialized parts', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;
  let bin: Place;
  let site: Place;

  beforeAll(async () => {
    ({ stock, bus, bin, site } = await startStockFixture());
  });
  afterAll(() => stock?.stop());

  const SERIAL_RESERVATION = 'reservation { id status asset { id } }';
  const SERIAL_RESERVE = `mutation ($input: ReserveStockInput!) { reserveStock(input: $input) { ${SERIAL_RESERVATION} userErrors { code field message } } }`;
  const reserve = (input: Record<string, unknown>) =>
    mutate(stock, 'reserveStock', SERIAL_RESERVATION, { idempotencyKey: randomUUID(), locationId: bin.id, quantity: '1', ...input });
  const positionOf = async (asset: string) =>
    (await stock.db.query<{ at: string | null }>('t', 'SELECT location_id::text AS at FROM stock.asset_position WHERE asset_id = $1', [asset]))[0]?.at ?? null;

  /** A serialized part with these many assets received into the bin, lowest id first. */
  async function stockedAssets(count: number) {
    const part = await createPart(stock.db, bus, { serialized: true });
    const assets: string[] = [];
    for (let index = 0; index < count; index++) {
      const asset = await createAsset(stock.db, bus, part.id);
      await record(stock, { type: 'INBOUND', partNumberId: part.id, assetId: asset, quantity: '1', toLocationId: bin.id });
      assets.push(asset);
    }
    return { part, assets };
  }

  it('never wedges an asset: after reserving and fulfilling a serialized part, the asset has left with its unit', async () => {
    const { part, assets } = await stockedAssets(1);
    const { reservation } = await mutate(stock, 'reserveStock', 'reservation { id }', { idempotencyKey: randomUUID(), partNumberId: part.id, locationId: bin.id, quantity: '1' });
    const fulfilled = await stock.execute(FULFIL, { input: { reservationId: reservation.id } }, { as: 'operator' });
    expect(fulfilled.data.fulfilReservation.userErrors).toEqual([]);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 0, reserved: 0 });
    expect(await positionOf(assets[0]!)).toBeNull();
    expect(await serializedDisagreements(stock.db, part.id)).toEqual([]);
    // Back in stock, it moves like any other asset.
    expect((await record(stock, { type: 'RETURN', partNumberId: part.id, assetId: assets[0], quantity: '1', toLocationId: bin.id })).userErrors).toEqual([]);
    expect(await serializedDisagreements(stock.db, part.id)).toEqual([]);
  });

  it('picks and holds an unreserved asset, and fulfilment issues that very asset, so balances keep counting assets', async () => {
    const { part, assets } = await stockedAssets(2);
    const first = await reserve({ partNumberId: part.id });
    expect(first).toEqual({ reservation: { id: expect.any(String), status: 'ACTIVE', asset: { id: assets[0] } }, userErrors: [] });
    const second = await reserve({ partNumberId: part.id });
    expect(second.reservation.asset).toEqual({ id: assets[1] });
    expect(refusalsOf(await reserve({ partNumberId: part.id }))).toEqual(['INSUFFICIENT_STOCK:input.quantity']);

    const fulfilled = await stock.execute(FULFIL, { input: { reservationId: first.reservation.id, toLocationId: site.id } }, { as: 'operator' });
    expect(fulfilled.data.fulfilReservation.userErrors).toEqual([]);
    expect(fulfilled.data.fulfilReservation.movement).toMatchObject({ type: 'OUTBOUND', status: 'POSTED', from: { id: bin.id }, to: { id: site.id } });
    const [issued] = await stock.db.query<{ assetId: string }>('t', 'SELECT asset_id::text AS "assetId" FROM stock.movement WHERE id = $1', [fulfilled.data.fulfilReservation.movement.id]);
    expect(issued!.assetId).toBe(assets[0]);
    expect(await positionOf(assets[0]!)).toBe(site.id);
    // The issued asset goes on moving; the held one stays put.
    expect((await record(stock, { type: 'TRANSFER', partNumberId: part.id, assetId: assets[0], quantity: '1', fromLocationId: site.id, toLocationId: bin.id })).userErrors).toEqual([]);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 2, reserved: 1 });
    expect(await serializedDisagreements(stock.db, part.id)).toEqual([]);
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
  });

  it('gives each of many concurrent reservations its own asset, and refuses the rest', async () => {
    const { part, assets } = await stockedAssets(3);
    const results = await Promise.all(Array.from({ length: 8 }, () =>
      stock.execute(SERIAL_RESERVE, { input: { idempotencyKey: randomUUID(), partNumberId: part.id, locationId: bin.id, quantity: '1' } }, { as: 'operator' })));
    expect(results.map((result) => result.errors)).toEqual(results.map(() => undefined));
    const payloads = results.map((result) => result.data.reserveStock);
    const held = payloads.filter((payload) => payload.reservation).map((payload) => payload.reservation.asset.id).sort();
    expect(held).toEqual([...assets].sort());
    expect(payloads.filter((payload) => !payload.reservation).map(refusalsOf)).toEqual(Array.from({ length: 5 }, () => ['INSUFFICIENT_STOCK:input.quantity']));
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 3, reserved: 3 });
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
  });

  it('holds a named asset where it is: nothing else moves it or reserves it until the reservation ends', async () => {
    const { part, assets } = await stockedAssets(2);
    const [free, held] = assets as [string, string];
    const { reservation } = await reserve({ partNumberId: part.id, assetId: held });
    expect(reservation.asset).toEqual({ id: held });
    const move = (asset: string) => record(stock, { type: 'TRANSFER', partNumberId: part.id, assetId: asset, quantity: '1', fromLocationId: bin.id, toLocationId: site.id });
    expect((await move(held)).userErrors).toEqual([
      { code: 'INVALID_TRANSITION', field: ['input', 'assetId'], message: `Asset ${held} is held by reservation ${reservation.id}; fulfil or release it first.` },
    ]);
    expect(refusalsOf(await reserve({ partNumberId: part.id, assetId: held }))).toEqual(['INVALID_TRANSITION:input.assetId']);
    expect(refusalsOf(await reserve({ partNumberId: part.id, assetId: held, locationId: site.id }))).toEqual(['INVALID_TRANSITION:input.assetId']);
    expect(refusalsOf(await reserve({ partNumberId: part.id, quantity: '2' }))).toEqual(['INVALID_VALUE:input.quantity']);
    expect((await move(free)).userErrors).toEqual([]);
    await stock.execute(RELEASE, { input: { reservationId: reservation.id } }, { as: 'operator' });
    expect((await move(held)).userErrors).toEqual([]);
    expect(await serializedDisagreements(stock.db, part.id)).toEqual([]);
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
  });

  it('is enforced by the database: no transaction commits a serialized balance that differs from the assets there, or a held asset moved', async () => {
    const { part, assets } = await stockedAssets(1);
    const attempt = (sql: string, values: unknown[]) =>
      stock.db.transaction((tx) => tx.query('testBreakSerializedStock', sql, values)).then(() => 'committed', (error: { constraint?: string }) => error.constraint);
    expect(await attempt('UPDATE stock.balance SET on_hand = on_hand - 1 WHERE part_number_id = $1 AND location_id = $2', [part.id, bin.id]))
      .toBe('serialized_balance_matches_assets');
    expect(await attempt('UPDATE stock.asset_position SET location_id = NULL WHERE asset_id = $1', [assets[0]])).toBe('serialized_balance_matches_assets');
    expect(await attempt(
      `INSERT INTO stock.reservation (idempotency_key, part_number_id, location_id, quantity, created_by) VALUES ('raw', $1, $2, 1, 'test')`, [part.id, bin.id],
    )).toBe('reservation_names_its_asset');
    const { reservation } = await reserve({ partNumberId: part.id });
    expect(reservation.asset).toEqual({ id: assets[0] });
    // Balances and position moved together, as a transfer would, but the asset is held where it is.
    const carried = await stock.db.transaction(async (tx) => {
      await tx.query('testTakeOut', 'UPDATE stock.balance SET on_hand = on_hand - 1, reserved = reserved - 1 WHERE part_number_id = $1 AND location_id = $2', [part.id, bin.id]);
      await tx.query('testPutIn', `INSERT INTO stock.balance (part_number_id, location_id, on_hand) VALUES ($1, $2, 1)
        ON CONFLICT (part_number_id, location_id) DO UPDATE SET on_hand = stock.balance.on_hand + 1`, [part.id, site.id]);
      await tx.query('testMoveAsset', 'UPDATE stock.asset_position SET location_id = $2 WHERE asset_id = $1', [assets[0], site.id]);
    }).then(() => 'committed', (error: { constraint?: string }) => error.constraint);
    expect(carried).toBe('reserved_asset_stays');
    expect(await serializedDisagreements(stock.db, part.id)).toEqual([]);
  });
});

const refusalsOf = (payload: { userErrors: readonly { code: string; field: readonly string[] | null }[] }) =>
  payload.userErrors.map((error) => `${error.code}:${error.field?.join('.') ?? ''}`);

describe('low stock', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;

  beforeAll(async () => {
    ({ stock, bus } = await startStockFixture());
  });
  afterAll(() => stock?.stop());

  it('lists parts whose available stock is below the reorder point or the minimum, under one subtree', async () => {
    const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
    const bin = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
    const elsewhere = await createLocation(stock, { type: 'WAREHOUSE' });
    const short = await createPart(stock.db, bus, { reorderPoint: '10', minimumStock: '4' });
    const fine = await createPart(stock.db, bus, { reorderPoint: '10' });
    await record(stock, { type: 'INBOUND', partNumberId: short.id, quantity: '5', toLocationId: bin.id });
    await record(stock, { type: 'INBOUND', partNumberId: short.id, quantity: '50', toLocationId: elsewhere.id });
    await record(stock, { type: 'INBOUND', partNumberId: fine.id, quantity: '12', toLocationId: bin.id });
    await stock.execute(RESERVE, { input: { idempotencyKey: randomUUID(), partNumberId: short.id, locationId: bin.id, quantity: '2' } }, { as: 'operator' });

    const query = `query ($locationId: ID) { lowStock(first: 100, locationId: $locationId) { totalCount edges { node {
      partNumber { id } onHand reserved available reorderPoint minimumStock shortfall belowMinimum } } } }`;
    const { data } = await stock.execute(query, { locationId: warehouse.id }, { as: 'analyst' });
    expect(data.lowStock.edges.map((edge: any) => edge.node).filter((node: any) => [short.id, fine.id].includes(node.partNumber.id))).toEqual([
      { partNumber: { id: short.id }, onHand: '5', reserved: '2', available: '3', reorderPoint: '10', minimumStock: '4', shortfall: '7', belowMinimum: true },
    ]);
    const everywhere = await stock.execute(query, {}, { as: 'analyst' });
    expect(everywhere.data.lowStock.edges.map((edge: any) => edge.node.partNumber.id)).not.toContain(short.id);
  });
});
