import { mutate, refusals, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalRequestId, balanceOf, createPart, EventBus, record, startStockFixture, type Place } from './helpers.ts';

const MAX_QUANTITY = '99999999999999';

describe('numbers out of range are refused naming their field, never an internal error', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;
  let bin: Place;

  beforeAll(async () => {
    ({ stock, bus, bin } = await startStockFixture());
  });
  afterAll(() => stock?.stop());

  const createLocation = (input: Record<string, unknown>) =>
    mutate(stock, 'createLocation', 'location { id latitude longitude capacity }', { code: `LOC-${uniqueTag()}`, name: 'Numbers', type: 'WAREHOUSE', ...input });

  it('refuses a latitude, longitude or capacity the location columns cannot hold', async () => {
    expect(refusals(await createLocation({ latitude: '100' }))).toEqual(['INVALID_VALUE:input.latitude']);
    expect(refusals(await createLocation({ latitude: '1000' }))).toEqual(['INVALID_VALUE:input.latitude']);
    expect(refusals(await createLocation({ longitude: '-180.5' }))).toEqual(['INVALID_VALUE:input.longitude']);
    expect(refusals(await createLocation({ capacity: '-5' }))).toEqual(['INVALID_VALUE:input.capacity']);
    const fine = await createLocation({ latitude: '-90', longitude: '179.999999', capacity: MAX_QUANTITY });
    expect(fine).toMatchObject({ location: { latitude: '-90', longitude: '179.999999', capacity: MAX_QUANTITY }, userErrors: [] });
  });

  it('refuses a capacity of 2^53 as malformed input naming the field', async () => {
    const { data, errors } = await stock.execute(
      'mutation ($input: CreateLocationInput!) { createLocation(input: $input) { location { id } } }',
      { input: { code: `LOC-${uniqueTag()}`, name: 'Huge', type: 'WAREHOUSE', capacity: 2 ** 53 } },
      { as: 'operator' },
    );
    expect(data).toBeUndefined();
    expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    expect(errors![0]!.message).toContain('input.capacity');
  });

  it('refuses a receipt that would take a balance past its precision, and keeps the balance', async () => {
    const part = await createPart(stock.db, bus);
    expect((await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: MAX_QUANTITY, unitCost: '0', toLocationId: bin.id })).movement.status).toBe('POSTED');
    const second = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '1', unitCost: '0', toLocationId: bin.id });
    expect(second.movement).toBeNull();
    expect(refusals(second)).toEqual(['INVALID_VALUE:input.quantity']);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: Number(MAX_QUANTITY), reserved: 0 });
  });

  it('rejects an approved movement whose posting would overflow a balance, instead of failing the decision for ever', async () => {
    const part = await createPart(stock.db, bus);
    await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: MAX_QUANTITY, unitCost: '0', toLocationId: bin.id });
    // An unsure receipt waits for approval; meanwhile nothing stops it being recorded.
    const unsure = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '5', unitCost: '0', confidenceScore: '0.5', toLocationId: bin.id });
    expect(unsure.movement.status).toBe('PENDING_APPROVAL');
    await bus.publishAndApply('approvals.request.decided', {
      requestId: approvalRequestId(), kind: 'STOCK_MOVEMENT', outcome: 'APPROVED', movementId: unsure.movement.id, assetId: null, action: null,
      actionInput: null, decidedBy: 'test-approver', comment: null, reviewed: true,
    });
    const { data } = await stock.execute(`query ($id: ID!) { movement(id: $id) { status statusReason } }`, { id: unsure.movement.id });
    expect(data.movement.status).toBe('REJECTED');
    expect(data.movement.statusReason).toContain('largest quantity');
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: Number(MAX_QUANTITY), reserved: 0 });
  });

  it('takes a confidence score at the precision it is stored and judged at, refusing finer ones', async () => {
    const part = await createPart(stock.db, bus);
    const finer = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '1', confidenceScore: '0.79999', toLocationId: bin.id });
    expect(finer.movement).toBeNull();
    expect(refusals(finer)).toEqual(['INVALID_VALUE:input.confidenceScore']);
    const stored = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '1', confidenceScore: '0.7999', toLocationId: bin.id });
    expect(stored.movement).toMatchObject({ status: 'PENDING_APPROVAL', approvalTriggers: ['LOW_CONFIDENCE'] });
    const [row] = await stock.db.query<{ score: string }>('t', 'SELECT confidence_score::text AS score FROM stock.movement WHERE id = $1', [stored.movement.id]);
    expect(row).toEqual({ score: '0.7999' });
  });
});
