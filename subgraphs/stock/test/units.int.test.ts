import { mutate, refusals, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf, createPart, EventBus, partNumberSaved, record, startStockFixture, type Place } from './helpers.ts';

const KG = { code: 'KG', decimalPlaces: 3 };

describe('units of measure: every quantity respects its unit', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;
  let warehouse: Place;
  let bin: Place;

  beforeAll(async () => {
    ({ stock, bus, warehouse, bin } = await startStockFixture());
  });
  afterAll(() => stock?.stop());

  it('counts EA in whole units on movements, and a decimal unit to its places', async () => {
    const each = await createPart(stock.db, bus);
    const third = await record(stock, { type: 'INBOUND', partNumberId: each.id, quantity: '0.333333', toLocationId: bin.id });
    expect(third.movement).toBeNull();
    expect(refusals(third)).toEqual(['INVALID_VALUE:input.quantity']);
    expect((await record(stock, { type: 'INBOUND', partNumberId: each.id, quantity: '3', toLocationId: bin.id })).movement.status).toBe('POSTED');

    const bulk = await createPart(stock.db, bus, { unit: KG });
    expect((await record(stock, { type: 'INBOUND', partNumberId: bulk.id, quantity: '2.125', toLocationId: bin.id })).movement.status).toBe('POSTED');
    expect(refusals(await record(stock, { type: 'OUTBOUND', partNumberId: bulk.id, quantity: '0.0005', fromLocationId: bin.id }))).toEqual(['INVALID_VALUE:input.quantity']);
    expect(await balanceOf(stock.db, bulk.id, bin.id)).toEqual({ onHand: 2.125, reserved: 0 });
  });

  it('holds reservations and counts to the unit too', async () => {
    const each = await createPart(stock.db, bus);
    await record(stock, { type: 'INBOUND', partNumberId: each.id, quantity: '10', toLocationId: bin.id });
    const reservation = await mutate(stock, 'reserveStock', 'reservation { id }', { idempotencyKey: `units-${each.id}`, partNumberId: each.id, locationId: bin.id, quantity: '1.5' });
    expect(refusals(reservation)).toEqual(['INVALID_VALUE:input.quantity']);
    const session = (await mutate(stock, 'startCount', 'countSession { id }', { locationId: warehouse.id })).countSession;
    const line = await mutate(stock, 'recordCount', 'line { quantity }', { sessionId: session.id, partNumberId: each.id, locationId: bin.id, quantity: '9.5' });
    expect(refusals(line)).toEqual(['INVALID_VALUE:input.quantity']);
    expect(await balanceOf(stock.db, each.id, bin.id)).toEqual({ onHand: 10, reserved: 0 });
  });

  it('refuses a quantity finer than its unit in the database as well', async () => {
    const each = await createPart(stock.db, bus);
    const insert = stock.db.query(
      't',
      `INSERT INTO stock.movement (type, status, part_number_id, quantity, to_location_id, created_by, posted_at)
       VALUES ('INBOUND', 'POSTED', $1, 0.5, $2, 'test', now())`,
      [each.id, bin.id],
    );
    await expect(insert).rejects.toMatchObject({ code: '23514', constraint: 'quantity_fits_unit' });
  });

  it('follows a change of the part\'s unit from catalog', async () => {
    const part = await createPart(stock.db, bus);
    expect(refusals(await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '1.5', toLocationId: bin.id }))).toEqual(['INVALID_VALUE:input.quantity']);
    await stock.db.query('t', `UPDATE catalog.part_number SET unit_of_measure = 'KG' WHERE id = $1`, [part.id]);
    await bus.publishAndApply('catalog.part_number.saved', partNumberSaved(part, new Date().toISOString(), { unit: KG }));
    expect((await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '1.5', toLocationId: bin.id })).movement.status).toBe('POSTED');
  });
});
