import { randomUUID } from 'node:crypto';
import { startSubgraphForTest, uniqueTag, type StartSubgraph, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_STOCK_SETTINGS } from '../src/config.ts';
import { start } from '../src/server.ts';
import { createLocation, createPart, EventBus, partNumberSaved, record, type Place } from './helpers.ts';

const WAIT_MS = 400;

describe('writes naming catalog facts stock has not applied yet', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;
  let warehouse: Place;

  beforeAll(async () => {
    const startWithShortWait: StartSubgraph = (deps) => start({ ...deps, config: { ...deps.config, stock: { ...DEFAULT_STOCK_SETTINGS, catalogWaitMs: WAIT_MS } } });
    stock = await startSubgraphForTest(startWithShortWait, inject('databaseUrl'));
    bus = new EventBus(stock.db);
    warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
  });
  afterAll(() => stock?.stop());

  /** A part number's catalog row, as catalog commits it. */
  const catalogRow = async () => {
    const code = `PN-RYW-${uniqueTag()}`;
    const [row] = await stock.db.query<{ id: string; version: string }>(
      't',
      `INSERT INTO catalog.part_number (code, description) VALUES ($1, 'Test part')
       RETURNING id, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS version`,
      [code],
    );
    return { id: row!.id, code, version: row!.version };
  };

  /** A part number as catalog commits it: the row and its event, which nothing has applied yet. */
  const catalogCreates = async () => {
    const part = await catalogRow();
    await bus.publish('catalog.part_number.saved', partNumberSaved(part, part.version));
    return part;
  };

  /**
   * Publishes a part's event while another process holds it, as a consumer
   * stuck applying it would, and runs `work` before letting it go.
   */
  const whileHeld = async <T>(part: { id: string; code: string; version: string }, work: () => Promise<T>) => {
    const [next] = await stock.db.query<{ id: string }>('t', `SELECT nextval(pg_get_serial_sequence('outbox.event', 'id'))::text AS id`);
    return stock.db.transaction(async (tx) => {
      await tx.query('t', `SELECT pg_advisory_xact_lock(hashtextextended('stock:' || $1::text, 0))`, [next!.id]);
      await stock.db.query(
        't',
        `INSERT INTO outbox.event (id, topic, payload, producer) OVERRIDING SYSTEM VALUE VALUES ($1, 'catalog.part_number.saved', $2::jsonb, 'catalog')`,
        [next!.id, JSON.stringify(partNumberSaved(part, part.version))],
      );
      return work();
    });
  };

  it('applies the event in flight and posts, instead of refusing the part as unknown', async () => {
    const part = await catalogCreates();
    const { movement, userErrors } = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '3', toLocationId: warehouse.id });
    expect(userErrors).toEqual([]);
    expect(movement.status).toBe('POSTED');
  });

  it('judges a part on catalog\'s latest word, not on a copy an event in flight is changing', async () => {
    const part = await createPart(stock.db, bus, { active: false });
    await bus.publish('catalog.part_number.saved', partNumberSaved(part, new Date(Date.now() + 1000).toISOString(), { active: true }));
    const { userErrors } = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '1', toLocationId: warehouse.id });
    expect(userErrors).toEqual([]);
  });

  it('refuses with NOT_YET_AVAILABLE, changing nothing, when the event cannot be applied within the wait; the same key succeeds later', async () => {
    const part = await catalogRow();
    const key = randomUUID();
    const input = { idempotencyKey: key, type: 'INBOUND', partNumberId: part.id, quantity: '2', toLocationId: warehouse.id };
    const held = await whileHeld(part, () => record(stock, input));
    expect(held.userErrors).toEqual([{
      code: 'NOT_YET_AVAILABLE', field: ['input', 'partNumberId'],
      message: 'Catalog has changed what this names, and stock has not caught up yet; nothing was changed, retry shortly.',
    }]);
    const [none] = await stock.db.query<{ count: number }>('t', 'SELECT count(*)::int AS count FROM stock.movement WHERE part_number_id = $1', [part.id]);
    expect(none!.count).toBe(0);
    const later = await record(stock, input);
    expect(later).toMatchObject({ movement: { status: 'POSTED' }, userErrors: [] });
  });

  it('refuses a part that does not exist with NOT_FOUND without waiting', async () => {
    const { userErrors } = await record(stock, { type: 'INBOUND', partNumberId: '999999999', quantity: '1', toLocationId: warehouse.id });
    expect(userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'partNumberId'], message: 'Part number 999999999 is not known to stock.' }]);
    expect(stock.statements).toContain('findUnappliedEvents');
    expect(stock.statements).not.toContain('countAppliedEvents');
  });
});
