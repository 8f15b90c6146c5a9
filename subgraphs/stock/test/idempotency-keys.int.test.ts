import { randomUUID } from 'node:crypto';
import { mutate, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalRequestId, balanceOf, createAsset, createLocation, createPart, EventBus, record, startStockFixture, type Place, type StockFixture } from './helpers.ts';

const RESERVATION = 'reservation { id status quantity createdBy }';

describe('idempotency keys', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;
  let bin: Place;
  let site: Place;
  let stockedPart: StockFixture['stockedPart'];

  beforeAll(async () => {
    ({ stock, bus, bin, site, stockedPart } = await startStockFixture());
  });
  afterAll(() => stock?.stop());

  const recordAs = (as: 'operator' | 'admin', input: Record<string, unknown>) =>
    mutate<{ movement: any }>(stock, 'recordMovement', 'movement { id status quantity createdBy }', input, { as });

  it('belong to the caller: another caller sending the same key makes a movement of its own, and never gets the first one', async () => {
    const part = await stockedPart('10');
    const key = randomUUID();
    const input = { idempotencyKey: key, type: 'OUTBOUND', partNumberId: part.id, quantity: '2', fromLocationId: bin.id };
    const first = await recordAs('operator', input);
    expect(first).toMatchObject({ movement: { status: 'POSTED', createdBy: 'test-operator' }, userErrors: [] });
    const replay = await recordAs('operator', input);
    expect(replay.movement.id).toBe(first.movement.id);

    const stranger = await recordAs('admin', input);
    expect(stranger).toMatchObject({ movement: { status: 'POSTED', createdBy: 'test-admin' }, userErrors: [] });
    expect(stranger.movement.id).not.toBe(first.movement.id);
    const strangerOther = await recordAs('admin', { ...input, idempotencyKey: `${key}-2`, quantity: '1' });
    expect(strangerOther.userErrors).toEqual([]);
    // The first caller's own key with another input is still its conflict, and only its own.
    expect((await recordAs('operator', { ...input, quantity: '3' })).userErrors.map((error) => error.code)).toEqual(['CONFLICT']);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 5, reserved: 0 });
  });

  it('of reservations belong to the caller too', async () => {
    const part = await stockedPart('10');
    const input = { idempotencyKey: randomUUID(), partNumberId: part.id, locationId: bin.id, quantity: '2' };
    const first = await mutate(stock, 'reserveStock', RESERVATION, input, { as: 'operator' });
    const stranger = await mutate(stock, 'reserveStock', RESERVATION, { ...input, quantity: '3' }, { as: 'admin' });
    expect(stranger).toMatchObject({ reservation: { status: 'ACTIVE', quantity: '3', createdBy: 'test-admin' }, userErrors: [] });
    expect(stranger.reservation.id).not.toBe(first.reservation.id);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 10, reserved: 5 });
  });

  it('sent by a client never pre-empt an approved asset move, however well the client guesses the key the system uses', async () => {
    const part = await createPart(stock.db, bus, { serialized: true });
    const asset = await createAsset(stock.db, bus, part.id);
    const decoy = await createAsset(stock.db, bus, part.id);
    await record(stock, { type: 'INBOUND', partNumberId: part.id, assetId: asset, quantity: '1', toLocationId: bin.id });
    const requestId = approvalRequestId();
    const planted = await record(stock, {
      idempotencyKey: `approval-request:${requestId}:MOVE`, type: 'INBOUND', partNumberId: part.id, assetId: decoy, quantity: '1', toLocationId: site.id,
    });
    expect(planted.userErrors).toEqual([]);
    await bus.publishAndApply('approvals.request.decided', {
      requestId, kind: 'ASSET_ACTION', outcome: 'APPROVED', movementId: null, assetId: asset, action: 'MOVE',
      actionInput: { toLocationId: site.id }, decidedBy: 'test-approver', comment: 'Needed on site', reviewed: false,
    });
    const moves = await stock.db.query('t', `SELECT type, from_location_id::text AS "from", to_location_id::text AS "to" FROM stock.movement WHERE asset_id = $1 ORDER BY id`, [asset]);
    expect(moves).toEqual([{ type: 'INBOUND', from: null, to: bin.id }, { type: 'TRANSFER', from: bin.id, to: site.id }]);
    const audits = await stock.db.query('t', `SELECT action FROM stock.audit_event WHERE entity_type = 'Movement' AND after->>'assetId' = $1 ORDER BY id`, [asset]);
    expect(audits).toEqual([{ action: 'movement.posted' }, { action: 'movement.posted' }]);
  });

  it('sent by a client never pre-empt a count adjustment', async () => {
    const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
    const shelf = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
    const part = await createPart(stock.db, bus);
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '10', toLocationId: shelf.id });
    const session = (await mutate(stock, 'startCount', 'countSession { id }', { locationId: warehouse.id })).countSession;
    await mutate(stock, 'recordCount', 'line { quantity }', { sessionId: session.id, partNumberId: part.id, locationId: shelf.id, quantity: '7' });
    await mutate(stock, 'closeCount', 'countSession { status }', { sessionId: session.id });
    const [divergence] = await stock.db.query<{ id: string }>('t', 'SELECT id::text FROM stock.count_divergence WHERE session_id = $1', [session.id]);
    // The key the count would use, sent first by a client, with an input of its own.
    const planted = await record(stock, {
      idempotencyKey: `count-session:${session.id}:divergence:${divergence!.id}`, type: 'INBOUND', partNumberId: part.id, quantity: '1', toLocationId: shelf.id,
    });
    expect(planted.userErrors).toEqual([]);
    const adjusted = await mutate(stock, 'adjustCount', 'countSession { status } movements { id type status quantity from { id } }', { sessionId: session.id });
    expect(adjusted.userErrors).toEqual([]);
    expect(adjusted.countSession.status).toBe('ADJUSTED');
    expect(adjusted.movements).toEqual([{ id: expect.any(String), type: 'ADJUSTMENT', status: 'PENDING_APPROVAL', quantity: '3', from: { id: shelf.id } }]);
    expect(adjusted.movements[0].id).not.toBe(planted.movement.id);
  });
});
