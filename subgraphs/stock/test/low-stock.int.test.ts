import { randomUUID } from 'node:crypto';
import type { Queryable } from '@inventory/platform';
import { uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countLowStock, listLowStock, type LowStockRow } from '../src/db/balances.ts';
import { createLocation, createPart, EventBus, ledgerDisagreements, record, startStockFixture } from './helpers.ts';

/**
 * The report's definition, written the slow and obvious way: for every
 * active part number, sum its balances at the location and below (or
 * everywhere), and keep it when available is below the reorder point or the
 * minimum. The fast queries must give exactly this.
 */
async function reference(db: Queryable, locationId: string | null): Promise<LowStockRow[]> {
  return db.query(
    'testLowStockReference',
    `SELECT p.id::text AS "partNumberId", s.on_hand AS "onHand", s.reserved, s.on_hand - s.reserved AS available,
            p.reorder_point AS "reorderPoint", p.minimum_stock AS "minimumStock"
     FROM stock.catalog_part_number p
     CROSS JOIN LATERAL (
       SELECT coalesce(sum(b.on_hand), 0) AS on_hand, coalesce(sum(b.reserved), 0) AS reserved
       FROM stock.balance b
       WHERE b.part_number_id = p.id
         AND ($1::bigint IS NULL OR b.location_id IN (SELECT l.id FROM stock.location l WHERE l.path @> ARRAY[$1::bigint]))
     ) s
     WHERE p.active AND (s.on_hand - s.reserved < p.reorder_point OR s.on_hand - s.reserved < p.minimum_stock)
     ORDER BY p.id`,
    [locationId],
  );
}

/** Every page of the fast list, `size` rows at a time. */
async function walk(db: Queryable, locationId: string | null, size: number): Promise<LowStockRow[]> {
  const all: LowStockRow[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await listLowStock(db, locationId, size, after);
    all.push(...page);
    if (page.length < size) return all;
    after = page[page.length - 1]!.partNumberId;
  }
}

const byNumbers = (row: LowStockRow) => ({
  partNumberId: row.partNumberId,
  onHand: Number(row.onHand),
  reserved: Number(row.reserved),
  available: Number(row.available),
  reorderPoint: Number(row.reorderPoint),
  minimumStock: Number(row.minimumStock),
});

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % below;
  };
}

describe('low stock at any location', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;

  beforeAll(async () => {
    ({ stock, bus } = await startStockFixture());
  });
  afterAll(() => stock?.stop());

  it('gives exactly what the definition gives, under every location and everywhere, page by page', async () => {
    const next = generator(42);
    const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
    const shelves = [
      await createLocation(stock, { type: 'SHELF', parentId: warehouse.id }),
      await createLocation(stock, { type: 'SHELF', parentId: warehouse.id }),
    ];
    const bins = [
      await createLocation(stock, { type: 'BIN', parentId: shelves[0]!.id }),
      await createLocation(stock, { type: 'BIN', parentId: shelves[0]!.id }),
      await createLocation(stock, { type: 'BIN', parentId: shelves[1]!.id }),
    ];
    const other = await createLocation(stock, { type: 'WAREHOUSE' });
    const places = [...bins, shelves[1]!, other];

    const parts = [];
    for (let n = 0; n < 12; n++) {
      parts.push(
        await createPart(stock.db, bus, {
          reorderPoint: String(next(4) * 5),
          minimumStock: String(next(3) * 4),
          active: n !== 5,
        }),
      );
    }
    // Part 5 is inactive: never listed, whatever its stock.
    for (const part of parts.filter((_, n) => n !== 5)) {
      for (let n = next(4); n > 0; n--) {
        const to = places[next(places.length)]!;
        const { userErrors } = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: String(1 + next(9)), toLocationId: to.id });
        expect(userErrors).toEqual([]);
      }
      if (next(3) === 0) {
        const from = places[next(places.length)]!;
        const to = places[next(places.length)]!;
        if (from.id !== to.id) await record(stock, { type: 'TRANSFER', partNumberId: part.id, quantity: '1', fromLocationId: from.id, toLocationId: to.id });
      }
    }
    // Short only because of a reservation: 10 on hand meets the reorder point, 7 available does not.
    const reservedPart = await createPart(stock.db, bus, { reorderPoint: '10' });
    parts.push(reservedPart);
    await record(stock, { type: 'INBOUND', partNumberId: reservedPart.id, quantity: '10', toLocationId: bins[0]!.id });
    const reserved = await stock.execute(
      `mutation ($input: ReserveStockInput!) { reserveStock(input: $input) { userErrors { code } } }`,
      { input: { idempotencyKey: randomUUID(), partNumberId: reservedPart.id, locationId: bins[0]!.id, quantity: '3' } },
      { as: 'operator' },
    );
    expect(reserved.data.reserveStock.userErrors).toEqual([]);
    for (const part of parts) expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);

    const ours = new Set(parts.map((part) => part.id));
    // One snapshot, so other tests' writes cannot come between the two answers.
    await stock.db.transaction(
      async (tx) => {
        for (const locationId of [warehouse.id, shelves[0]!.id, shelves[1]!.id, bins[0]!.id, other.id, null]) {
          const expected = (await reference(tx, locationId)).map(byNumbers);
          expect(expected.filter((row) => ours.has(row.partNumberId)).length, `location ${locationId}`).toBeGreaterThan(0);
          expect((await walk(tx, locationId, 5)).map(byNumbers), `location ${locationId}`).toEqual(expected);
          expect(await countLowStock(tx, locationId), `location ${locationId}`).toBe(expected.length);
        }
      },
      { isolation: 'REPEATABLE READ' },
    );
  });

  it('keeps each part number’s totals equal to its balances when a part arrives after its stock', async () => {
    const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
    // Balances written without a movement would break other tests' ledger checks: all of it is rolled back.
    const rolledBack = new Error('roll back');
    const checked = stock.db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string }>(
        'testInsertPart',
        `INSERT INTO catalog.part_number (code, description) VALUES ($1, 'Late copy') RETURNING id`,
        [`PN-T-${uniqueTag()}`],
      );
      await tx.query('testInsertBalance', 'INSERT INTO stock.balance (part_number_id, location_id, on_hand, reserved) VALUES ($1, $2, 7, 2)', [row!.id, warehouse.id]);
      await tx.query('testInsertCopy', `INSERT INTO stock.catalog_part_number (id, code, reorder_point, version) VALUES ($1, 'LATE', 10, now())`, [row!.id]);
      const [copy] = await tx.query<{ onHand: string; reserved: string }>(
        'testTotals',
        'SELECT total_on_hand::text AS "onHand", total_reserved::text AS reserved FROM stock.catalog_part_number WHERE id = $1',
        [row!.id],
      );
      expect({ onHand: Number(copy!.onHand), reserved: Number(copy!.reserved) }).toEqual({ onHand: 7, reserved: 2 });
      expect((await listLowStock(tx, null, 100, String(BigInt(row!.id) - 1n)))[0]).toMatchObject({ partNumberId: row!.id, available: expect.stringMatching(/^5(\.0+)?$/) });
      throw rolledBack;
    });
    await expect(checked).rejects.toBe(rolledBack);
  });
});
