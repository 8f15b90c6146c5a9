import { randomUUID } from 'node:crypto';
import { mutate, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approvalRequestId,
  balanceOf,
  createAsset,
  createLocation,
  createPart,
  EventBus,
  ledgerDisagreements,
  record,
  serializedDisagreements,
  startStockFixture,
} from './helpers.ts';

const START = 'countSession { id status location { id } }';
const COUNT = 'line { quantity location { id } asset { id } } countSession { status }';
const CLOSE = `countSession { status closedAt
  divergences { kind partNumber { id } location { id } asset { id } recordedLocation { id } expectedQuantity countedQuantity difference } }`;
const ADJUST = `countSession { status divergences { kind movement { id } } }
  movements { id type status quantity from { id } to { id } asset { id } documentRef }`;

const byJson = <T>(items: readonly T[]) => [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe('counting stock', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;

  beforeAll(async () => {
    ({ stock, bus } = await startStockFixture());
  });
  afterAll(() => stock?.stop());

  it('finds missing, found, moved and miscounted stock in a subtree and turns it into movements once', async () => {
    const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
    const shelf = await createLocation(stock, { type: 'SHELF', parentId: warehouse.id });
    const b1 = await createLocation(stock, { type: 'BIN', parentId: shelf.id });
    const b2 = await createLocation(stock, { type: 'BIN', parentId: shelf.id });
    const elsewhere = await createLocation(stock, { type: 'WAREHOUSE' });
    const bulk = await createPart(stock.db, bus);
    const serial = await createPart(stock.db, bus, { serialized: true });
    await record(stock, { type: 'INBOUND', partNumberId: bulk.id, quantity: '10', toLocationId: b1.id });
    await record(stock, { type: 'INBOUND', partNumberId: bulk.id, quantity: '5', toLocationId: b2.id });
    const assets = await Promise.all([1, 2, 3, 4, 5].map(() => createAsset(stock.db, bus, serial.id)));
    const [kept, moved, missing, found, strayed] = assets as [string, string, string, string, string];
    for (const [asset, at] of [[kept, b1], [moved, b2], [missing, b1], [strayed, elsewhere]] as const) {
      await record(stock, { type: 'INBOUND', partNumberId: serial.id, assetId: asset, quantity: '1', toLocationId: at.id });
    }

    const session = (await mutate(stock, 'startCount', START, { locationId: warehouse.id, note: 'Quarterly' })).countSession;
    expect(session).toMatchObject({ status: 'OPEN', location: { id: warehouse.id } });
    const count = (input: Record<string, unknown>) => mutate(stock, 'recordCount', COUNT, { sessionId: session.id, ...input });
    await count({ partNumberId: bulk.id, locationId: b1.id, quantity: '9' });
    expect((await count({ partNumberId: bulk.id, locationId: b1.id, quantity: '8' })).line).toEqual({ quantity: '8', location: { id: b1.id }, asset: null });
    await count({ partNumberId: bulk.id, locationId: shelf.id, quantity: '3' });
    for (const [asset, at] of [[kept, b1], [moved, b1], [found, b2], [strayed, b2]] as const) {
      await count({ partNumberId: serial.id, locationId: at.id, assetId: asset });
    }
    expect((await count({ partNumberId: bulk.id, locationId: elsewhere.id, quantity: '1' })).userErrors).toEqual([
      { code: 'INVALID_VALUE', field: ['input', 'locationId'], message: `Location ${elsewhere.id} was not inside the counted location ${warehouse.id} when the count started.` },
    ]);
    expect((await count({ partNumberId: serial.id, locationId: b1.id, quantity: '1' })).userErrors[0]).toMatchObject({ code: 'INVALID_VALUE', field: ['input', 'assetId'] });

    const closed = await mutate(stock, 'closeCount', CLOSE, { sessionId: session.id });
    expect(closed.userErrors).toEqual([]);
    expect(closed.countSession.status).toBe('CLOSED');
    const divergence = (kind: string, part: string, at: string, asset: string | null, recorded: string | null, expected: string, counted: string, difference: string) => ({
      kind, partNumber: { id: part }, location: { id: at }, asset: asset ? { id: asset } : null, recordedLocation: recorded ? { id: recorded } : null,
      expectedQuantity: expected, countedQuantity: counted, difference,
    });
    expect(byJson(closed.countSession.divergences)).toEqual(byJson([
      divergence('QUANTITY_OFF', bulk.id, b1.id, null, null, '10', '8', '-2'),
      divergence('MISSING', bulk.id, b2.id, null, null, '5', '0', '-5'),
      divergence('FOUND', bulk.id, shelf.id, null, null, '0', '3', '3'),
      divergence('MOVED', serial.id, b1.id, moved, b2.id, '1', '1', '0'),
      divergence('MISSING', serial.id, b1.id, missing, null, '1', '0', '-1'),
      divergence('FOUND', serial.id, b2.id, found, null, '0', '1', '1'),
      divergence('MOVED', serial.id, b2.id, strayed, elsewhere.id, '1', '1', '0'),
    ]));
    expect((await count({ partNumberId: bulk.id, locationId: b1.id, quantity: '1' })).userErrors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });

    const adjusted = await mutate(stock, 'adjustCount', ADJUST, { sessionId: session.id });
    expect(adjusted.userErrors).toEqual([]);
    expect(adjusted.countSession.status).toBe('ADJUSTED');
    const summary = adjusted.movements.map((m: any) => ({ type: m.type, status: m.status, quantity: m.quantity, from: m.from?.id ?? null, to: m.to?.id ?? null, asset: m.asset?.id ?? null }));
    expect(byJson(summary)).toEqual(byJson([
      { type: 'ADJUSTMENT', status: 'PENDING_APPROVAL', quantity: '2', from: b1.id, to: null, asset: null },
      { type: 'ADJUSTMENT', status: 'PENDING_APPROVAL', quantity: '5', from: b2.id, to: null, asset: null },
      { type: 'ADJUSTMENT', status: 'PENDING_APPROVAL', quantity: '3', from: null, to: shelf.id, asset: null },
      { type: 'TRANSFER', status: 'POSTED', quantity: '1', from: b2.id, to: b1.id, asset: moved },
      { type: 'ADJUSTMENT', status: 'PENDING_APPROVAL', quantity: '1', from: b1.id, to: null, asset: missing },
      { type: 'ADJUSTMENT', status: 'PENDING_APPROVAL', quantity: '1', from: null, to: b2.id, asset: found },
      { type: 'TRANSFER', status: 'POSTED', quantity: '1', from: elsewhere.id, to: b2.id, asset: strayed },
    ]));
    expect(adjusted.movements.every((m: any) => m.documentRef === `COUNT-${session.id}`)).toBe(true);
    expect(adjusted.countSession.divergences.every((d: any) => d.movement !== null)).toBe(true);

    const again = await mutate(stock, 'adjustCount', ADJUST, { sessionId: session.id });
    expect(again.movements.map((m: any) => m.id).sort()).toEqual(adjusted.movements.map((m: any) => m.id).sort());
    const [row] = await stock.db.query<{ count: number }>('t', `SELECT count(*)::int AS count FROM stock.movement WHERE document_ref = $1`, [`COUNT-${session.id}`]);
    expect(row!.count).toBe(7);
  });

  const approve = (movementId: string) =>
    bus.publishAndApply('approvals.request.decided', {
      requestId: approvalRequestId(), kind: 'STOCK_MOVEMENT', outcome: 'APPROVED', movementId, assetId: null, action: null, actionInput: null,
      decidedBy: 'test-approver', comment: null, reviewed: false,
    });
  const countAll = async (root: string, lines: readonly Record<string, unknown>[]) => {
    const session = (await mutate(stock, 'startCount', START, { locationId: root })).countSession;
    for (const line of lines) expect((await mutate(stock, 'recordCount', COUNT, { sessionId: session.id, ...line })).userErrors).toEqual([]);
    return session.id as string;
  };
  const close = (sessionId: string) => mutate(stock, 'closeCount', CLOSE, { sessionId });
  const adjust = (sessionId: string) => mutate(stock, 'adjustCount', `${ADJUST} userErrors { code message }`, { sessionId });

  it('lets no two open counts cover the same location, and says which one is open', async () => {
    const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
    const shelf = await createLocation(stock, { type: 'SHELF', parentId: warehouse.id });
    const bin = await createLocation(stock, { type: 'BIN', parentId: shelf.id });
    const other = await createLocation(stock, { type: 'WAREHOUSE' });
    const first = (await mutate(stock, 'startCount', START, { locationId: shelf.id })).countSession;
    for (const overlapping of [warehouse, shelf, bin]) {
      expect((await mutate(stock, 'startCount', START, { locationId: overlapping.id })).userErrors).toEqual([
        { code: 'COUNT_IN_PROGRESS', field: ['input', 'locationId'], message: `Count session ${first.id} is already open over part of this subtree; close it first.` },
      ]);
    }
    expect((await mutate(stock, 'startCount', START, { locationId: other.id })).userErrors).toEqual([]);
    // The database holds the rule on its own: a session written past the command is refused.
    await expect(stock.db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string }>('t', `INSERT INTO stock.count_session (location_id, created_by) VALUES ($1, 'test') RETURNING id`, [bin.id]);
      await tx.query('t', `INSERT INTO stock.count_scope (session_id, status, location_id) VALUES ($1, 'OPEN', $2)`, [row!.id, bin.id]);
    })).rejects.toMatchObject({ code: '23505', constraint: 'count_scope_one_open_count' });
    // Once it is closed, the subtree can be counted again; of racing starts, one wins.
    await close(first.id);
    const racing = await Promise.all([1, 2, 3, 4, 5].map(() => mutate(stock, 'startCount', START, { locationId: bin.id })));
    expect(racing.filter((outcome) => outcome.countSession !== null)).toHaveLength(1);
    expect(racing.filter((outcome) => outcome.userErrors[0]?.code === 'COUNT_IN_PROGRESS')).toHaveLength(4);
  });

  it('does not find again a difference whose adjustment waits for approval, and adjusts it once', async () => {
    const bin = await createLocation(stock, { type: 'WAREHOUSE' });
    const part = await createPart(stock.db, bus);
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '5', toLocationId: bin.id });

    const first = await countAll(bin.id, [{ partNumberId: part.id, locationId: bin.id, quantity: '6' }]);
    expect((await close(first)).countSession.divergences).toMatchObject([{ kind: 'QUANTITY_OFF', difference: '1' }]);
    const pending = (await adjust(first)).movements;
    expect(pending).toMatchObject([{ type: 'ADJUSTMENT', status: 'PENDING_APPROVAL', quantity: '1' }]);

    const second = await countAll(bin.id, [{ partNumberId: part.id, locationId: bin.id, quantity: '6' }]);
    expect((await close(second)).countSession.divergences).toEqual([]);
    expect((await adjust(second)).movements).toEqual([]);

    await approve(pending[0].id);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 6, reserved: 0 });
  });

  it('supersedes an earlier count\'s unsettled divergences when a later count judges the same place', async () => {
    const bin = await createLocation(stock, { type: 'WAREHOUSE' });
    const part = await createPart(stock.db, bus);
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '5', toLocationId: bin.id });

    const first = await countAll(bin.id, [{ partNumberId: part.id, locationId: bin.id, quantity: '6' }]);
    await close(first);
    const second = await countAll(bin.id, [{ partNumberId: part.id, locationId: bin.id, quantity: '6' }]);
    expect((await close(second)).countSession.divergences).toMatchObject([{ kind: 'QUANTITY_OFF', difference: '1' }]);

    const earlier = await adjust(first);
    expect(earlier).toMatchObject({ countSession: { status: 'ADJUSTED', divergences: [{ kind: 'QUANTITY_OFF', movement: null }] }, movements: [], userErrors: [] });
    const [divergence] = (await stock.execute(`query ($id: ID!) { countSession(id: $id) { divergences { supersededBy { id } } } }`, { id: first })).data.countSession.divergences;
    expect(divergence).toEqual({ supersededBy: { id: second } });
    const later = await adjust(second);
    expect(later.movements).toMatchObject([{ type: 'ADJUSTMENT', status: 'PENDING_APPROVAL', quantity: '1' }]);
    await approve(later.movements[0].id);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 6, reserved: 0 });
    // The database never lets a superseded divergence be settled.
    await expect(stock.db.query('t', `UPDATE stock.count_divergence SET movement_id = $2 WHERE session_id = $1`, [first, later.movements[0].id]))
      .rejects.toMatchObject({ code: '23514', constraint: 'count_divergence_settled_or_superseded' });
  });

  it('adjusts a difference once when an earlier count is adjusted while a later one closes over the same place', async () => {
    for (let round = 0; round < 5; round++) {
      const bin = await createLocation(stock, { type: 'WAREHOUSE' });
      const part = await createPart(stock.db, bus);
      await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '5', toLocationId: bin.id });
      const first = await countAll(bin.id, [{ partNumberId: part.id, locationId: bin.id, quantity: '6' }]);
      await close(first);
      const second = await countAll(bin.id, [{ partNumberId: part.id, locationId: bin.id, quantity: '6' }]);
      const [earlier] = await Promise.all([adjust(first), close(second)]);
      expect(earlier.userErrors).toEqual([]);
      expect((await adjust(second)).userErrors).toEqual([]);
      const pending = await stock.db.query<{ id: string }>('t', `SELECT id::text FROM stock.movement WHERE part_number_id = $1 AND status = 'PENDING_APPROVAL'`, [part.id]);
      for (const { id } of pending) await approve(id);
      expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 6, reserved: 0 });
    }
  });

  it('counts the subtree as it was when the count started, whatever moves while it runs', async () => {
    const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
    const leaving = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
    const elsewhere = await createLocation(stock, { type: 'WAREHOUSE' });
    const arriving = await createLocation(stock, { type: 'BIN', parentId: elsewhere.id });
    const part = await createPart(stock.db, bus);
    const serial = await createPart(stock.db, bus, { serialized: true });
    const asset = await createAsset(stock.db, bus, serial.id);
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '5', toLocationId: leaving.id });
    await record(stock, { type: 'INBOUND', partNumberId: serial.id, assetId: asset, quantity: '1', toLocationId: leaving.id });
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '2', toLocationId: arriving.id });

    const session = await countAll(warehouse.id, [
      { partNumberId: part.id, locationId: leaving.id, quantity: '5' },
      { partNumberId: serial.id, locationId: leaving.id, assetId: asset },
    ]);
    const moveTo = (id: string, parentId: string) => mutate(stock, 'moveLocation', 'location { id }', { id, parentId });
    expect((await moveTo(leaving.id, elsewhere.id)).userErrors).toEqual([]);
    expect((await moveTo(arriving.id, warehouse.id)).userErrors).toEqual([]);
    // The bin that left is still this count's; the one that arrived is not.
    expect((await mutate(stock, 'recordCount', COUNT, { sessionId: session, partNumberId: part.id, locationId: leaving.id, quantity: '5' })).userErrors).toEqual([]);
    expect((await mutate(stock, 'recordCount', COUNT, { sessionId: session, partNumberId: part.id, locationId: arriving.id, quantity: '2' })).userErrors).toEqual([
      { code: 'INVALID_VALUE', field: ['input', 'locationId'], message: `Location ${arriving.id} was not inside the counted location ${warehouse.id} when the count started.` },
    ]);
    // Neither a phantom FOUND at the bin that left, nor a phantom MISSING at the one that arrived.
    expect((await close(session)).countSession.divergences).toEqual([]);
  });

  it('refuses to adjust a session that is still open', async () => {
    const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
    const session = (await mutate(stock, 'startCount', START, { locationId: warehouse.id })).countSession;
    expect((await mutate(stock, 'adjustCount', ADJUST, { sessionId: session.id })).userErrors).toEqual([
      { code: 'INVALID_TRANSITION', field: ['input', 'sessionId'], message: `Count session ${session.id} is OPEN; close it first.` },
    ]);
  });

  it('reports the divergences of an external stock export, and the lines it cannot match', async () => {
    const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
    const bin = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
    const other = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
    const part = await createPart(stock.db, bus);
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '10', toLocationId: bin.id });
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '4', toLocationId: other.id });
    const { data, errors } = await stock.execute(`query ($input: StockReconciliationInput!) { stockReconciliation(input: $input) {
      divergences { kind partNumber { id } location { code } expectedQuantity countedQuantity difference }
      unmatched { partCode locationCode quantity partKnown locationKnown } } }`, {
      input: {
        locationId: warehouse.id,
        lines: [
          { partCode: part.code, locationCode: bin.code, quantity: '6' },
          { partCode: part.code, locationCode: bin.code, quantity: '4' },
          { partCode: part.code, locationCode: warehouse.code, quantity: '2' },
          { partCode: 'PN-NOPE', locationCode: bin.code, quantity: '1' },
        ],
      },
    }, { as: 'analyst' });
    expect(errors).toBeUndefined();
    expect(data.stockReconciliation).toEqual({
      // By part number, then location id: the warehouse was created before the other bin.
      divergences: [
        { kind: 'FOUND', partNumber: { id: part.id }, location: { code: warehouse.code }, expectedQuantity: '0', countedQuantity: '2', difference: '2' },
        { kind: 'MISSING', partNumber: { id: part.id }, location: { code: other.code }, expectedQuantity: '4', countedQuantity: '0', difference: '-4' },
      ],
      unmatched: [{ partCode: 'PN-NOPE', locationCode: bin.code, quantity: '1', partKnown: false, locationKnown: true }],
    });
  });

  describe('recording the loss of reserved stock', () => {
    const reserve = (input: Record<string, unknown>) =>
      mutate(stock, 'reserveStock', 'reservation { id asset { id } }', { idempotencyKey: randomUUID(), ...input });
    const approve = (movementId: string) =>
      bus.publishAndApply('approvals.request.decided', {
        requestId: approvalRequestId(), kind: 'STOCK_MOVEMENT', outcome: 'APPROVED', movementId, assetId: null, action: null, actionInput: null,
        decidedBy: 'test-approver', comment: 'Counted', reviewed: false,
      });
    /** Counts `counts` in a fresh session over `root`, closes it, adjusts it and approves every adjustment; returns the movements. */
    async function countAndSettle(root: string, counts: Record<string, unknown>[]) {
      const session = (await mutate(stock, 'startCount', START, { locationId: root })).countSession;
      for (const entry of counts) expect((await mutate(stock, 'recordCount', COUNT, { sessionId: session.id, ...entry })).userErrors).toEqual([]);
      await mutate(stock, 'closeCount', CLOSE, { sessionId: session.id });
      const adjusted = await mutate(stock, 'adjustCount', ADJUST, { sessionId: session.id });
      expect(adjusted.userErrors).toEqual([]);
      for (const movement of adjusted.movements) if (movement.status === 'PENDING_APPROVAL') await approve(movement.id);
      return stock.db.query<{ id: string; status: string; statusReason: string | null }>(
        't', 'SELECT id::text, status, status_reason AS "statusReason" FROM stock.movement WHERE id = ANY($1::bigint[]) ORDER BY id',
        [adjusted.movements.map((movement: any) => movement.id)],
      );
    }
    const reservationsOf = (ids: string[]) => stock.db.query(
      't', 'SELECT id::text, status, quantity::text FROM stock.reservation WHERE id = ANY($1::bigint[]) ORDER BY id', [ids],
    );

    it('posts a counted loss that eats into reserved stock, shortening or releasing the newest reservations, with an audit trail', async () => {
      const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
      const bin = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
      const part = await createPart(stock.db, bus);
      await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '10', toLocationId: bin.id });
      const older = (await reserve({ partNumberId: part.id, locationId: bin.id, quantity: '4' })).reservation.id;
      const newer = (await reserve({ partNumberId: part.id, locationId: bin.id, quantity: '5' })).reservation.id;

      const [loss] = await countAndSettle(warehouse.id, [{ partNumberId: part.id, locationId: bin.id, quantity: '3' }]);
      expect(loss).toMatchObject({ status: 'POSTED', statusReason: 'Counted' });
      expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 3, reserved: 3 });
      expect(await reservationsOf([older, newer])).toEqual([
        { id: older, status: 'ACTIVE', quantity: '3.000000' },
        { id: newer, status: 'RELEASED', quantity: '5.000000' },
      ]);
      const audits = await stock.db.query('t', `SELECT entity_id AS reservation, action, after->>'lossMovementId' AS loss, before->>'quantity' AS before, after->>'quantity' AS after
        FROM stock.audit_event WHERE entity_type = 'Reservation' AND entity_id = ANY($1::text[]) AND action <> 'reservation.created' ORDER BY audit_event.id`, [[older, newer]]);
      expect(audits).toEqual([
        { reservation: newer, action: 'reservation.released', loss: loss!.id, before: '5.000000', after: '5.000000' },
        { reservation: older, action: 'reservation.shortened', loss: loss!.id, before: '4.000000', after: '3.000000' },
      ]);
      const releases = await stock.db.query('t', `SELECT reservation_id::text AS reservation, quantity::text, reason FROM stock.movement WHERE type = 'RELEASE' AND reservation_id = ANY($1::bigint[]) ORDER BY movement.id`, [[older, newer]]);
      expect(releases).toEqual([
        { reservation: newer, quantity: '5.000000', reason: `Stock lost (movement ${loss!.id})` },
        { reservation: older, quantity: '1.000000', reason: `Stock lost (movement ${loss!.id})` },
      ]);
      expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
    });

    it('posts a missing reserved asset, releasing the reservation that held it', async () => {
      const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
      const bin = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
      const part = await createPart(stock.db, bus, { serialized: true });
      const [kept, lost] = [await createAsset(stock.db, bus, part.id), await createAsset(stock.db, bus, part.id)];
      for (const asset of [kept, lost]) await record(stock, { type: 'INBOUND', partNumberId: part.id, assetId: asset, quantity: '1', toLocationId: bin.id });
      const holdsKept = (await reserve({ partNumberId: part.id, locationId: bin.id, quantity: '1', assetId: kept })).reservation.id;
      const holdsLost = (await reserve({ partNumberId: part.id, locationId: bin.id, quantity: '1', assetId: lost })).reservation.id;

      const [loss] = await countAndSettle(warehouse.id, [{ partNumberId: part.id, locationId: bin.id, assetId: kept }]);
      expect(loss).toMatchObject({ status: 'POSTED' });
      expect(await reservationsOf([holdsKept, holdsLost])).toEqual([
        { id: holdsKept, status: 'ACTIVE', quantity: '1.000000' },
        { id: holdsLost, status: 'RELEASED', quantity: '1.000000' },
      ]);
      expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 1, reserved: 1 });
      expect(await serializedDisagreements(stock.db, part.id)).toEqual([]);
      expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
    });
  });
});
