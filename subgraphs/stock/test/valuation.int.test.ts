import type { SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocation, createPart, EventBus, record, startStockFixture, type Place } from './helpers.ts';

describe('valuation: moving weighted average cost per part', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;

  beforeAll(async () => {
    ({ stock, bus } = await startStockFixture());
  });
  afterAll(() => stock?.stop());

  /** A warehouse of the test's own with two bins, so its stock value holds only this test's parts. */
  const place = async () => {
    const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
    const a = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
    const b = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
    return { warehouse, a, b };
  };
  const stockValue = async (location: Place) =>
    (await stock.execute(`query ($id: ID!) { location(id: $id) { stockValue } }`, { id: location.id })).data.location.stockValue;
  const averageCost = async (partNumberId: string) =>
    (await stock.db.query<{ cost: string }>('t', 'SELECT trim_scale(average_cost)::text AS cost FROM stock.catalog_part_number WHERE id = $1', [partNumberId]))[0]!.cost;

  it('averages receipts by quantity, and values stock at quantity × that average', async () => {
    const { warehouse, a, b } = await place();
    const part = await createPart(stock.db, bus);
    expect((await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '10', unitCost: '4', toLocationId: a.id })).userErrors).toEqual([]);
    expect((await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '30', unitCost: '8', toLocationId: b.id })).userErrors).toEqual([]);
    expect(await averageCost(part.id)).toBe('7');
    expect(await stockValue(warehouse)).toBe('280');

    const issue = await record(stock, { type: 'OUTBOUND', partNumberId: part.id, quantity: '5', fromLocationId: a.id });
    expect(issue.movement).toMatchObject({ status: 'POSTED', unitCost: '7', totalCost: '35' });
    const transfer = await record(stock, { type: 'TRANSFER', partNumberId: part.id, quantity: '5', fromLocationId: b.id, toLocationId: a.id });
    expect(transfer.movement).toMatchObject({ status: 'POSTED', unitCost: '7' });
    expect(await averageCost(part.id)).toBe('7');
    expect(await stockValue(warehouse)).toBe('245');
    expect(await stockValue(a)).toBe('70');

    // A receipt without a cost arrives at the average and leaves it where it is.
    expect((await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '5', toLocationId: a.id })).movement).toMatchObject({ status: 'POSTED', unitCost: '7' });
    expect(await averageCost(part.id)).toBe('7');
    expect(await stockValue(warehouse)).toBe('280');
  });

  it('refuses a cost on anything but a receipt, so a transfer cannot revalue stock', async () => {
    const { warehouse, a, b } = await place();
    const part = await createPart(stock.db, bus);
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '10', unitCost: '900', toLocationId: a.id });
    const { movement, userErrors } = await record(stock, { type: 'TRANSFER', partNumberId: part.id, quantity: '10', unitCost: '0', fromLocationId: a.id, toLocationId: b.id });
    expect(movement).toBeNull();
    expect(userErrors).toEqual([{ code: 'INVALID_VALUE', field: ['input', 'unitCost'], message: "Only an INBOUND receipt names its unitCost; a TRANSFER carries the part's average cost." }]);
    expect(await stockValue(warehouse)).toBe('9000');
  });

  it('judges the value approval rule on the server valuation, whatever cost the client names', async () => {
    const { a, b } = await place();
    const part = await createPart(stock.db, bus);
    for (let receipt = 0; receipt < 3; receipt += 1) {
      expect((await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '5', unitCost: '1000', toLocationId: a.id })).movement.status).toBe('POSTED');
    }
    // 12 × 1000 reaches the 10,000 threshold though the client names no cost.
    const transfer = await record(stock, { type: 'TRANSFER', partNumberId: part.id, quantity: '12', fromLocationId: a.id, toLocationId: b.id });
    expect(transfer.movement).toMatchObject({ status: 'PENDING_APPROVAL', approvalTriggers: ['VALUE_THRESHOLD'], unitCost: '1000' });
    const [event] = await stock.db.query<{ value: string }>(
      't', `SELECT payload->>'value' AS value FROM outbox.event WHERE topic = 'stock.movement.approval_requested' AND payload->>'movementId' = $1`, [transfer.movement.id],
    );
    expect(event).toEqual({ value: '12000' });
    // A receipt priced at 0 is still worth what the same units are worth in stock.
    const cheap = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '10', unitCost: '0', toLocationId: a.id });
    expect(cheap.movement).toMatchObject({ status: 'PENDING_APPROVAL', approvalTriggers: ['VALUE_THRESHOLD'] });
  });

  it('loses no receipt from the average when receipts of a part post concurrently at several locations', async () => {
    const { a, b } = await place();
    const part = await createPart(stock.db, bus);
    const receipts = Array.from({ length: 16 }, (_, index) => ({ quantity: String(1 + (index % 4)), unitCost: String(10 + index * 5) }));
    const results = await Promise.all(receipts.map((receipt, index) =>
      record(stock, { type: 'INBOUND', partNumberId: part.id, ...receipt, toLocationId: index % 2 === 0 ? a.id : b.id })));
    expect(results.map((result) => result.movement?.status)).toEqual(receipts.map(() => 'POSTED'));
    // With receipts only, the moving average is the quantity-weighted mean of the receipt costs, whatever their order,
    // up to one millionth of rounding per receipt.
    const quantity = receipts.reduce((sum, r) => sum + Number(r.quantity), 0);
    const exact = receipts.reduce((sum, r) => sum + Number(r.quantity) * Number(r.unitCost), 0) / quantity;
    expect(Math.abs(Number(await averageCost(part.id)) - exact)).toBeLessThanOrEqual(receipts.length * 1e-6);
  });

  it('refuses a movement worth more than the ledger can hold, naming the quantity', async () => {
    const { a } = await place();
    const part = await createPart(stock.db, bus);
    const { movement, userErrors } = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '99999999999999', unitCost: '99999999999999', toLocationId: a.id });
    expect(movement).toBeNull();
    expect(userErrors).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', field: ['input', 'quantity'] })]);
  });
});
