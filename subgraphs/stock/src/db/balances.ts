import type { Queryable } from '@inventory/platform';
import { locationJson, type LocationRow } from './locations.ts';

/** Stock of one part number at one location. */
export interface BalanceRow {
  readonly partNumberId: string;
  readonly locationId: string;
  readonly onHand: string;
  readonly reserved: string;
  readonly available: string;
  /** The location row itself, read in the same statement. */
  readonly location: LocationRow;
}

/** Stock of one part number summed over every location. */
export interface StockLevelRow {
  readonly partNumberId: string;
  readonly onHand: string;
  readonly reserved: string;
  readonly available: string;
}

/** Balances holding stock for these part numbers, each part's ordered by location code. */
export function findBalancesOfPartNumbers(db: Queryable, partNumberIds: readonly string[]): Promise<BalanceRow[]> {
  return db.query(
    'findBalancesOfPartNumbers',
    `SELECT b.part_number_id AS "partNumberId", b.location_id AS "locationId",
            b.on_hand AS "onHand", b.reserved, b.on_hand - b.reserved AS available,
            ${locationJson('l')} AS location
     FROM stock.balance b
     JOIN stock.location l ON l.id = b.location_id
     WHERE b.part_number_id = ANY($1::bigint[]) AND (b.on_hand > 0 OR b.reserved > 0)
     ORDER BY b.part_number_id, l.code`,
    [partNumberIds],
  );
}

/** Totals over every location for these part numbers; parts with no balance rows are absent. */
export function sumBalancesOfPartNumbers(db: Queryable, partNumberIds: readonly string[]): Promise<StockLevelRow[]> {
  return db.query(
    'sumBalancesOfPartNumbers',
    `SELECT b.part_number_id AS "partNumberId", sum(b.on_hand) AS "onHand", sum(b.reserved) AS reserved,
            sum(b.on_hand - b.reserved) AS available
     FROM stock.balance b
     WHERE b.part_number_id = ANY($1::bigint[])
     GROUP BY b.part_number_id`,
    [partNumberIds],
  );
}

/** A balance row locked for posting. */
export interface LockedBalanceRow {
  readonly locationId: string;
  readonly onHand: string;
  readonly reserved: string;
}

/**
 * Locks the balances of one part at these locations for the rest of the
 * transaction, creating missing rows first. Rows are created and locked in
 * ascending location id, the one order every posting uses, so two postings
 * over the same locations (transfers in opposite directions) queue instead
 * of deadlocking.
 */
export async function lockBalances(tx: Queryable, partNumberId: string, locationIds: readonly string[]): Promise<Map<string, LockedBalanceRow>> {
  const ordered = [...new Set(locationIds)].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  await tx.query(
    'ensureBalances',
    `INSERT INTO stock.balance (part_number_id, location_id)
     SELECT $1::bigint, location_id FROM unnest($2::bigint[]) AS l(location_id) ORDER BY location_id
     ON CONFLICT (part_number_id, location_id) DO NOTHING`,
    [partNumberId, ordered],
  );
  const rows = await tx.query<LockedBalanceRow>(
    'lockBalances',
    `SELECT b.location_id AS "locationId", b.on_hand AS "onHand", b.reserved
     FROM stock.balance b
     WHERE b.part_number_id = $1 AND b.location_id = ANY($2::bigint[])
     ORDER BY b.location_id
     FOR UPDATE`,
    [partNumberId, ordered],
  );
  return new Map(rows.map((row) => [row.locationId, row]));
}

/** One change to a locked balance. */
export interface BalanceDelta {
  readonly locationId: string;
  readonly onHand: string;
  readonly reserved: string;
}

/**
 * Adds these deltas to balances of one part (locked by `lockBalances`).
 * The table's CHECK constraints refuse a negative on-hand or available
 * quantity (SQLSTATE 23514) whatever the caller checked before.
 */
export async function applyBalanceDeltas(tx: Queryable, partNumberId: string, deltas: readonly BalanceDelta[]): Promise<void> {
  await tx.query(
    'applyBalanceDeltas',
    `UPDATE stock.balance b
     SET on_hand = b.on_hand + d.on_hand, reserved = b.reserved + d.reserved, updated_at = now()
     FROM unnest($2::bigint[], $3::numeric[], $4::numeric[]) AS d(location_id, on_hand, reserved)
     WHERE b.part_number_id = $1 AND b.location_id = d.location_id`,
    [partNumberId, deltas.map((d) => d.locationId), deltas.map((d) => d.onHand), deltas.map((d) => d.reserved)],
  );
}

/** A balance held at a location (or summed over its subtree), for `Location.balances`. */
export interface LocationBalanceRow extends BalanceRow {
  /** The location the list was asked for. */
  readonly ofLocationId: string;
}

/** Balances holding stock at each of these locations, ordered by part number. */
export function findBalancesAtLocations(db: Queryable, locationIds: readonly string[]): Promise<LocationBalanceRow[]> {
  return db.query(
    'findBalancesAtLocations',
    `SELECT b.location_id::text AS "ofLocationId", b.part_number_id AS "partNumberId", b.location_id AS "locationId",
            b.on_hand AS "onHand", b.reserved, b.on_hand - b.reserved AS available, ${locationJson('l')} AS location
     FROM stock.balance b
     JOIN stock.location l ON l.id = b.location_id
     WHERE b.location_id = ANY($1::bigint[]) AND (b.on_hand > 0 OR b.reserved > 0)
     ORDER BY b.location_id, b.part_number_id`,
    [locationIds],
  );
}

/** Per part number, the balances of each of these locations summed over its whole subtree (itself included). */
export function sumBalancesUnderLocations(db: Queryable, locationIds: readonly string[]): Promise<LocationBalanceRow[]> {
  return db.query(
    'sumBalancesUnderLocations',
    `SELECT root.id::text AS "ofLocationId", b.part_number_id AS "partNumberId", root.id::text AS "locationId",
            sum(b.on_hand) AS "onHand", sum(b.reserved) AS reserved, sum(b.on_hand - b.reserved) AS available,
            ${locationJson('r')} AS location
     FROM unnest($1::bigint[]) AS root(id)
     JOIN stock.location r ON r.id = root.id
     JOIN stock.location l ON l.path @> ARRAY[root.id]
     JOIN stock.balance b ON b.location_id = l.id
     GROUP BY root.id, r.id, b.part_number_id
     HAVING sum(b.on_hand) > 0 OR sum(b.reserved) > 0
     ORDER BY root.id, b.part_number_id`,
    [locationIds],
  );
}

/** The value of the stock held at each of these locations and below, each part valued at its latest posted unit cost. */
export function sumStockValueUnderLocations(db: Queryable, locationIds: readonly string[]): Promise<{ locationId: string; value: string }[]> {
  return db.query(
    'sumStockValueUnderLocations',
    `SELECT root.id::text AS "locationId", coalesce(sum(b.on_hand * coalesce(c.unit_cost, 0)), 0)::numeric(20, 2)::text AS value
     FROM unnest($1::bigint[]) AS root(id)
     LEFT JOIN stock.location l ON l.path @> ARRAY[root.id]
     LEFT JOIN stock.balance b ON b.location_id = l.id AND b.on_hand > 0
     LEFT JOIN LATERAL (
       SELECT m.unit_cost FROM stock.movement m
       WHERE m.part_number_id = b.part_number_id AND m.status = 'POSTED' AND m.unit_cost IS NOT NULL
       ORDER BY m.id DESC LIMIT 1
     ) c ON true
     GROUP BY root.id`,
    [locationIds],
  );
}

/** A part number whose available stock is below its reorder point or minimum. */
export interface LowStockRow {
  readonly partNumberId: string;
  readonly onHand: string;
  readonly reserved: string;
  readonly available: string;
  readonly reorderPoint: string;
  readonly minimumStock: string;
}

const LOW_STOCK = `
  FROM stock.catalog_part_number p
  LEFT JOIN LATERAL (
    SELECT coalesce(sum(b.on_hand), 0) AS on_hand, coalesce(sum(b.reserved), 0) AS reserved
    FROM stock.balance b
    WHERE b.part_number_id = p.id
      AND ($1::bigint IS NULL OR b.location_id IN (SELECT l.id FROM stock.location l WHERE l.path @> ARRAY[$1::bigint]))
  ) s ON true
  WHERE p.active AND (s.on_hand - s.reserved < p.reorder_point OR s.on_hand - s.reserved < p.minimum_stock)`;

/** One page of active part numbers short of stock (optionally under one location subtree), by part id. */
export function listLowStock(db: Queryable, locationId: string | null, limit: number, afterPartId: string | null): Promise<LowStockRow[]> {
  return db.query(
    'listLowStock',
    `SELECT p.id::text AS "partNumberId", s.on_hand AS "onHand", s.reserved, s.on_hand - s.reserved AS available,
            p.reorder_point AS "reorderPoint", p.minimum_stock AS "minimumStock"
     ${LOW_STOCK} AND ($2::bigint IS NULL OR p.id > $2)
     ORDER BY p.id
     LIMIT $3`,
    [locationId, afterPartId, limit],
  );
}

/** How many part numbers are short of stock (optionally under one location subtree). */
export async function countLowStock(db: Queryable, locationId: string | null): Promise<number> {
  const [row] = await db.query<{ count: number }>('countLowStock', `SELECT count(*)::int AS count ${LOW_STOCK}`, [locationId]);
  return row?.count ?? 0;
}
