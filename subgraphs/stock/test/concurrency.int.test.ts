import { randomUUID } from 'node:crypto';
import type { SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf, createLocation, createPart, EventBus, ledgerDisagreements, record, RECORD_MOVEMENT, startStockFixture, type Place } from './helpers.ts';

const RESERVE = `mutation ($input: ReserveStockInput!) { reserveStock(input: $input) { reservation { id } userErrors { code } } }`;
const RELEASE = `mutation ($input: ReleaseReservationInput!) { releaseReservation(input: $input) { reservation { status } userErrors { code } } }`;

/** A seedable PRNG (mulberry32), so a failing workload can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('stock under concurrent requests', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;
  let warehouse: Place;

  beforeAll(async () => {
    ({ stock, bus, warehouse } = await startStockFixture());
  });
  afterAll(() => stock?.stop());

  it('posts exactly 10 of 50 concurrent one-unit issues against 10 on hand and refuses the other 40', async () => {
    const part = await createPart(stock.db, bus);
    const bin = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '10', toLocationId: bin.id });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => record(stock, { type: 'OUTBOUND', partNumberId: part.id, quantity: '1', fromLocationId: bin.id })),
    );
    expect(results.filter((result) => result.movement?.status === 'POSTED')).toHaveLength(10);
    const refused = results.filter((result) => result.movement === null);
    expect(refused).toHaveLength(40);
    for (const result of refused) expect(result.userErrors.map((error) => error.code)).toEqual(['INSUFFICIENT_STOCK']);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 0, reserved: 0 });
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
  });

  it('moves stock both ways between two locations at once without deadlocking or losing a unit', async () => {
    const part = await createPart(stock.db, bus);
    const left = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
    const right = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '30', toLocationId: left.id });
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '30', toLocationId: right.id });
    // A deadlock would show as a failed statement (then retried); there must be none.
    const failed: string[] = [];
    const unobserve = stock.db.observe((event) => event.failed && failed.push(event.name));
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        record(stock, {
          type: 'TRANSFER', partNumberId: part.id, quantity: '1',
          fromLocationId: index % 2 === 0 ? left.id : right.id, toLocationId: index % 2 === 0 ? right.id : left.id,
        }),
      ),
    );
    unobserve();
    expect(failed).toEqual([]);
    expect(results.map((result) => result.userErrors).flat()).toEqual([]);
    expect(results.every((result) => result.movement.status === 'POSTED')).toBe(true);
    expect(await balanceOf(stock.db, part.id, left.id)).toEqual({ onHand: 30, reserved: 0 });
    expect(await balanceOf(stock.db, part.id, right.id)).toEqual({ onHand: 30, reserved: 0 });
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
  });

  it('records one movement for the same idempotency key sent 20 times at once', async () => {
    const part = await createPart(stock.db, bus);
    const bin = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
    const input = { idempotencyKey: randomUUID(), type: 'INBOUND', partNumberId: part.id, quantity: '7', toLocationId: bin.id };
    const responses = await Promise.all(Array.from({ length: 20 }, () => stock.execute(RECORD_MOVEMENT, { input }, { as: 'operator' })));
    const ids = new Set(responses.map((response) => response.data.recordMovement.movement.id));
    expect(ids.size).toBe(1);
    expect(responses.every((response) => response.data.recordMovement.userErrors.length === 0)).toBe(true);
    const [{ count }] = (await stock.db.query<{ count: number }>('t', 'SELECT count(*)::int AS count FROM stock.movement WHERE idempotency_key = $1', [input.idempotencyKey])) as [{ count: number }];
    expect(count).toBe(1);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 7, reserved: 0 });
  });

  it('keeps every balance equal to the sum of its ledger after a random concurrent workload', async () => {
    const next = random(20261122);
    const part = await createPart(stock.db, bus);
    const bins = await Promise.all([1, 2, 3].map(() => createLocation(stock, { type: 'BIN', parentId: warehouse.id })));
    const pick = () => bins[Math.floor(next() * bins.length)]!.id;
    const amount = () => String(1 + Math.floor(next() * 5));
    const reservations: string[] = [];
    for (let round = 0; round < 4; round++) {
      const work = Array.from({ length: 30 }, async () => {
        const roll = next();
        const from = pick();
        let to = pick();
        while (to === from) to = pick();
        if (roll < 0.3) return record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: amount(), toLocationId: to });
        if (roll < 0.55) return record(stock, { type: 'OUTBOUND', partNumberId: part.id, quantity: amount(), fromLocationId: from });
        if (roll < 0.8) return record(stock, { type: 'TRANSFER', partNumberId: part.id, quantity: amount(), fromLocationId: from, toLocationId: to });
        if (roll < 0.92 || reservations.length === 0) {
          const { data } = await stock.execute(RESERVE, { input: { idempotencyKey: randomUUID(), partNumberId: part.id, locationId: from, quantity: amount() } }, { as: 'operator' });
          if (data.reserveStock.reservation) reservations.push(data.reserveStock.reservation.id);
          return data;
        }
        return stock.execute(RELEASE, { input: { reservationId: reservations.shift()! } }, { as: 'operator' });
      });
      await Promise.all(work);
    }
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
    const negative = await stock.db.query('t', 'SELECT location_id FROM stock.balance WHERE part_number_id = $1 AND (on_hand < 0 OR on_hand - reserved < 0)', [part.id]);
    expect(negative).toEqual([]);
    const [{ movements }] = (await stock.db.query<{ movements: number }>('t', `SELECT count(*)::int AS movements FROM stock.movement WHERE part_number_id = $1 AND status = 'POSTED'`, [part.id])) as [{ movements: number }];
    expect(movements).toBeGreaterThan(60);
  });
});
