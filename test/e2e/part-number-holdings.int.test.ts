import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { publish } from '@inventory/schema/events';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';

const OPERATOR = { 'x-api-key': 'dev-operator' };
const suffix = () => randomUUID().slice(0, 8).toUpperCase();

const UPDATE_PART = `mutation ($input: UpdatePartNumberInput!) { updatePartNumber(input: $input) { partNumber { serialized } userErrors { code field message } } }`;
const RECORD = `mutation ($input: RecordMovementInput!) { recordMovement(input: $input) { movement { status } userErrors { code message } } }`;
const HOLDS_STOCK = {
  partNumber: null,
  userErrors: [{ code: 'INVALID_VALUE', field: ['input', 'serialized'], message: 'This part number holds stock, which no asset stands for; issue or write it off before making it serialized.' }],
};

describe('switching a bulk part number to serialized', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
  });
  afterAll(() => stack?.stop());

  const run = async (query: string, variables: Record<string, unknown>) => {
    const { status, body } = await stack.execute(query, variables, OPERATOR);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(status).toBe(200);
    return body.data;
  };

  /** Records a movement, waiting (bounded) while stock has not yet heard of a part number just created. */
  async function record(input: Record<string, unknown>) {
    for (let attempt = 0; ; attempt++) {
      const payload = (await run(RECORD, { input: { idempotencyKey: randomUUID(), ...input } })).recordMovement;
      if (payload.userErrors[0]?.code !== 'NOT_FOUND' || attempt === 100) return payload;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function bulkPartAndBin() {
    const tag = suffix();
    const part = (await run(`mutation ($input: CreatePartNumberInput!) { createPartNumber(input: $input) { partNumber { id } } }`, { input: { code: `PN-HOLD-${tag}`, description: 'Bulk part' } })).createPartNumber.partNumber;
    const bin = (await run(`mutation ($input: CreateLocationInput!) { createLocation(input: $input) { location { id } } }`, { input: { code: `HOLD-${tag}`, name: 'Bin', type: 'WAREHOUSE' } })).createLocation.location;
    return { partId: part.id as string, binId: bin.id as string };
  }

  it('is refused while the part holds stock anywhere, and allowed once the last unit has left', async () => {
    const { partId, binId } = await bulkPartAndBin();
    expect(await record({ type: 'INBOUND', partNumberId: partId, quantity: '3', toLocationId: binId })).toEqual({ movement: { status: 'POSTED' }, userErrors: [] });

    // At once: no waiting for catalog to hear of the receipt.
    expect((await run(UPDATE_PART, { input: { id: partId, serialized: true } })).updatePartNumber).toEqual(HOLDS_STOCK);

    expect(await record({ type: 'OUTBOUND', partNumberId: partId, quantity: '2', fromLocationId: binId })).toEqual({ movement: { status: 'POSTED' }, userErrors: [] });
    expect((await run(UPDATE_PART, { input: { id: partId, serialized: true } })).updatePartNumber).toEqual(HOLDS_STOCK);

    expect(await record({ type: 'OUTBOUND', partNumberId: partId, quantity: '1', fromLocationId: binId })).toEqual({ movement: { status: 'POSTED' }, userErrors: [] });
    expect((await run(UPDATE_PART, { input: { id: partId, serialized: true } })).updatePartNumber).toEqual({ partNumber: { serialized: true }, userErrors: [] });
  });

  it('judges by every event stock committed, even one no consumer has applied yet', async () => {
    const { partId } = await bulkPartAndBin();
    // Publish "holds stock" and keep every consumer away from it: consumers skip an event whose lock is held.
    const holder = new pg.Client({ connectionString: inject('databaseUrl') });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      const eventId = await publish(
        { query: async (_name, text, values) => (await holder.query(text, values as unknown[])).rows },
        'stock.part_number.holding_changed',
        { partNumberId: partId, holdsStock: true },
        { producer: 'stock', requestId: null },
      );
      await holder.query(`SELECT pg_advisory_lock(hashtextextended('catalog:' || $1::text, 0))`, [eventId]);
      await holder.query('COMMIT');

      expect((await run(UPDATE_PART, { input: { id: partId, serialized: true } })).updatePartNumber).toEqual(HOLDS_STOCK);
      const inbox = await holder.query('SELECT 1 FROM catalog.inbox WHERE event_id = $1', [eventId]);
      expect(inbox.rowCount).toBe(0);
    } finally {
      await holder.end();
    }
  });
});
