import type { SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '@inventory/schema/events';
import { approvalRequestId, balanceOf, createAsset, createPart, EventBus, record, startStockFixture, type Place, type StockFixture } from './helpers.ts';

describe('movements that need approval', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;
  let bin: Place;
  let site: Place;
  let stockedPart: StockFixture['stockedPart'];

  beforeAll(async () => {
    ({ stock, bus, bin, site, stockedPart } = await startStockFixture());
  });
  afterAll(() => stock?.stop());

  const decide = (movementId: string, outcome: EventPayload<'approvals.request.decided'>['outcome'], requestId = approvalRequestId()) =>
    bus.publishAndApply('approvals.request.decided', {
      requestId, kind: 'STOCK_MOVEMENT', outcome, movementId, assetId: null, action: null, actionInput: null,
      decidedBy: 'test-approver', comment: `Decided ${outcome}`, reviewed: false,
    });

  const movementById = async (id: string) =>
    (await stock.execute(`query ($id: ID!) { movement(id: $id) { status statusReason decidedBy postedAt } }`, { id })).data.movement;

  it('holds an adjustment for approval without touching stock, and asks approvals through the outbox', async () => {
    const part = await createPart(stock.db, bus);
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '10', unitCost: '9.40', toLocationId: bin.id });
    const { movement, userErrors } = await record(stock, {
      type: 'ADJUSTMENT', partNumberId: part.id, quantity: '3', fromLocationId: bin.id, reason: 'Cycle count shortfall', documentRef: 'CC-1',
    });
    expect(userErrors).toEqual([]);
    expect(movement).toMatchObject({ status: 'PENDING_APPROVAL', approvalTriggers: ['ADJUSTMENT'], postedAt: null });
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 10, reserved: 0 });
    const events = await stock.db.query<{ payload: unknown; producer: string }>(
      't', `SELECT payload, producer FROM outbox.event WHERE topic = 'stock.movement.approval_requested' AND payload->>'movementId' = $1`, [movement.id],
    );
    expect(events).toEqual([{
      producer: 'stock',
      payload: {
        movementId: movement.id, type: 'ADJUSTMENT', partNumberId: part.id, assetId: null, quantity: '3', fromLocationId: bin.id,
        toLocationId: null, unitCost: '9.4', value: '28.2', confidenceScore: null, reason: 'Cycle count shortfall', documentRef: 'CC-1',
        triggers: ['ADJUSTMENT'], requestedBy: 'test-operator',
      },
    }]);
  });

  it('asks approvals to decide a valuable return, naming its type', async () => {
    const part = await createPart(stock.db, bus);
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '1', unitCost: '5000', toLocationId: site.id });
    const { movement, userErrors } = await record(stock, { type: 'RETURN', partNumberId: part.id, quantity: '2', toLocationId: bin.id, reason: 'Back from site' });
    expect(userErrors).toEqual([]);
    expect(movement).toMatchObject({ status: 'PENDING_APPROVAL', approvalTriggers: ['VALUE_THRESHOLD'] });
    const events = await stock.db.query<{ payload: unknown }>(
      't', `SELECT payload FROM outbox.event WHERE topic = 'stock.movement.approval_requested' AND payload->>'movementId' = $1`, [movement.id],
    );
    expect(events).toEqual([{
      payload: {
        movementId: movement.id, type: 'RETURN', partNumberId: part.id, assetId: null, quantity: '2', fromLocationId: null, toLocationId: bin.id,
        unitCost: '5000', value: '10000', confidenceScore: null, reason: 'Back from site', documentRef: null, triggers: ['VALUE_THRESHOLD'],
        requestedBy: 'test-operator',
      },
    }]);
  });

  it('sends high-value and low-confidence movements to approval and names the rules', async () => {
    const part = await createPart(stock.db, bus);
    const valuable = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '2', unitCost: '5000', toLocationId: bin.id });
    expect(valuable.movement).toMatchObject({ status: 'PENDING_APPROVAL', approvalTriggers: ['VALUE_THRESHOLD'] });
    const below = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '2', unitCost: '4999.99', toLocationId: bin.id });
    expect(below.movement).toMatchObject({ status: 'POSTED', approvalTriggers: [] });
    const unsure = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '1', confidenceScore: '0.79', toLocationId: bin.id });
    expect(unsure.movement).toMatchObject({ status: 'PENDING_APPROVAL', approvalTriggers: ['LOW_CONFIDENCE'] });
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 2, reserved: 0 });
  });

  it('posts an approved movement once, however often the decision is delivered', async () => {
    const part = await stockedPart('10');
    const { movement } = await record(stock, { type: 'ADJUSTMENT', partNumberId: part.id, quantity: '4', fromLocationId: bin.id, reason: 'Damaged' });
    const requestId = approvalRequestId();
    await decide(movement.id, 'APPROVED', requestId);
    await decide(movement.id, 'APPROVED', requestId);
    expect(await movementById(movement.id)).toMatchObject({ status: 'POSTED', statusReason: 'Decided APPROVED', decidedBy: 'test-approver', postedAt: expect.any(String) });
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 6, reserved: 0 });
  });

  it('rejects, cancels and expires pending movements without touching stock', async () => {
    const part = await stockedPart('10');
    for (const [outcome, status] of [['REJECTED', 'REJECTED'], ['CANCELLED', 'CANCELLED'], ['EXPIRED', 'REJECTED']] as const) {
      const { movement } = await record(stock, { type: 'ADJUSTMENT', partNumberId: part.id, quantity: '1', toLocationId: bin.id, reason: 'Found' });
      await decide(movement.id, outcome);
      expect((await movementById(movement.id)).status, outcome).toBe(status);
    }
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 10, reserved: 0 });
  });

  it('rejects an approved movement when the stock was consumed elsewhere in the meantime', async () => {
    const part = await stockedPart('5');
    const { movement } = await record(stock, { type: 'ADJUSTMENT', partNumberId: part.id, quantity: '4', fromLocationId: bin.id, reason: 'Shrinkage' });
    expect((await record(stock, { type: 'OUTBOUND', partNumberId: part.id, quantity: '3', fromLocationId: bin.id })).userErrors).toEqual([]);
    await decide(movement.id, 'APPROVED');
    expect(await movementById(movement.id)).toMatchObject({
      status: 'REJECTED',
      postedAt: null,
      statusReason: `Approved, but no longer possible: Only 2 of part number ${part.id} are on hand at location ${bin.id}; 4 requested.`,
    });
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 2, reserved: 0 });
  });

  it('records an approved asset move as one transfer, even when the decision arrives twice', async () => {
    const part = await createPart(stock.db, bus, { serialized: true });
    const asset = await createAsset(stock.db, bus, part.id);
    await record(stock, { type: 'INBOUND', partNumberId: part.id, assetId: asset, quantity: '1', toLocationId: bin.id });
    const decision: EventPayload<'approvals.request.decided'> = {
      requestId: approvalRequestId(), kind: 'ASSET_ACTION', outcome: 'APPROVED', movementId: null, assetId: asset, action: 'MOVE',
      actionInput: { toLocationId: site.id }, decidedBy: 'test-approver', comment: 'Needed on site', reviewed: false,
    };
    await bus.publishAndApply('approvals.request.decided', decision);
    await bus.publishAndApply('approvals.request.decided', decision);
    const { data } = await stock.execute(`query ($id: ID!) { _entities(representations: [{ __typename: "Asset", id: $id }]) {
      ... on Asset { location { id } movements { edges { node { type status from { id } to { id } reason documentRef } } } } } }`, { id: asset });
    expect(data._entities[0]).toEqual({
      location: { id: site.id },
      movements: { edges: [
        { node: { type: 'TRANSFER', status: 'POSTED', from: { id: bin.id }, to: { id: site.id }, reason: 'Needed on site', documentRef: `APPROVAL-${decision.requestId}` } },
        { node: { type: 'INBOUND', status: 'POSTED', from: null, to: { id: bin.id }, reason: null, documentRef: null } },
      ] },
    });
    expect(await balanceOf(stock.db, part.id, site.id)).toEqual({ onHand: 1, reserved: 0 });
  });

  it('records nothing for an approved asset move that can no longer happen, and audits why', async () => {
    const part = await createPart(stock.db, bus, { serialized: true });
    const asset = await createAsset(stock.db, bus, part.id);
    await record(stock, { type: 'INBOUND', partNumberId: part.id, assetId: asset, quantity: '1', toLocationId: bin.id });
    // The unit is reserved, so it is held where it is.
    const reserved = await stock.execute(`mutation ($input: ReserveStockInput!) { reserveStock(input: $input) { reservation { id } userErrors { code } } }`,
      { input: { idempotencyKey: `hold-${asset}`, partNumberId: part.id, locationId: bin.id, quantity: '1' } }, { as: 'operator' });
    expect(reserved.data.reserveStock.userErrors).toEqual([]);
    const holder = reserved.data.reserveStock.reservation.id;
    await bus.publishAndApply('approvals.request.decided', {
      requestId: approvalRequestId(), kind: 'ASSET_ACTION', outcome: 'APPROVED', movementId: null, assetId: asset, action: 'MOVE',
      actionInput: { toLocationId: site.id }, decidedBy: 'test-approver', comment: null, reviewed: false,
    });
    const movements = await stock.db.query('t', `SELECT type FROM stock.movement WHERE asset_id = $1 ORDER BY id`, [asset]);
    expect(movements).toEqual([{ type: 'INBOUND' }]);
    const audits = await stock.db.query<{ why: string }>('t', `SELECT after->>'why' AS why FROM stock.audit_event WHERE action = 'asset_move.refused' AND entity_id = $1`, [asset]);
    expect(audits).toEqual([{ why: `Asset ${asset} is held by reservation ${holder}; fulfil or release it first.` }]);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 1, reserved: 1 });
  });
});
