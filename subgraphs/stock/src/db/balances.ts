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

/**
 * The balance of each (part number, location) pair as it is now, zero where
 * none was ever held, in one statement for any number of pairs.
 */
export function findBalancesAt(db: Queryable, pairs: readonly { partNumberId: string; locationId: string }[]): Promise<BalanceRow[]> {
  return db.query(
    'findBalancesAt',
    `SELECT p.part_number_id::text AS "partNumberId", p.location_id::text AS "locationId",
            coalesce(b.on_hand, 0) AS "onHand", coalesce(b.reserved, 0) AS reserved,
            coalesce(b.on_hand - b.reserved, 0) AS available, ${locationJson('l')} AS location
     FROM unnest($1::bigint[], $2::bigint[]) AS p(part_number_id, location_id)
     JOIN stock.location l ON l.id = p.location_id
     LEFT JOIN stock.balance b ON b.part_number_id = p.part_number_id AND b.location_id = p.location_id`,
    [pairs.map((pair) => pair.partNumberId), pairs.map((pair) => pair.locationId)],
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
 * transaction, creating missing rows first; null (nothing locked) when stock
 * has no record of the part yet. The part's stock record is locked first
 * (the triggers on stock.balance update its totals), then the rows, created
 * and locked in ascending location id: the one order every posting uses, so
 * two postings over the same locations (transfers in opposite directions),
 * or a posting and the reservation sweeper, queue instead of deadlocking.
 * Requiring the record also means a balance never changes while the record
 * is being created, which would leave its totals short of that change.
 */
export async function lockBalances(tx: Queryable, partNumberId: string, locationIds: readonly string[]): Promise<Map<string, LockedBalanceRow> | null> {
  const ordered = [...new Set(locationIds)].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  const [part] = await tx.query('lockPartStock', 'SELECT id FROM stock.catalog_part_number WHERE id = $1 FOR NO KEY UPDATE', [partNumberId]);
  if (!part) return null;
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

/**
 * The value of the stock held at each of these locations and below: each
 * balance's quantity on hand × its part's moving average cost, to six
 * decimal places (unbounded, so no sum can overflow).
 */
export function sumStockValueUnderLocations(db: Queryable, locationIds: readonly string[]): Promise<{ locationId: string; value: string }[]> {
  return db.query(
    'sumStockValueUnderLocations',
    `SELECT root.id::text AS "locationId", round(coalesce(sum(b.on_hand * p.average_cost), 0), 6)::text AS value
     FROM unnest($1::bigint[]) AS root(id)
     LEFT JOIN stock.location l ON l.path @> ARRAY[root.id]
     LEFT JOIN stock.balance b ON b.location_id = l.id AND b.on_hand > 0
     LEFT JOIN stock.catalog_part_number p ON p.id = b.part_number_id
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

/** A short part as the report lists it: its row and the subtree it was counted over (null: everywhere). */
export interface LowStockItemRow extends LowStockRow {
  readonly scopeLocationId: string | null;
}

/*
 * A part number is short when its available stock (on hand minus reserved)
 * is below the greater of its reorder point and its minimum.
 *
 * Everywhere: each part's stock record carries its totals over every
 * location (kept by triggers on stock.balance), and the partial index
 * catalog_part_number_short_idx holds exactly the short ones, so a page or
 * the count reads only that index. The predicate must stay textually the
 * index's.
 *
 * Under a subtree: the subtree's balances are summed first (from the
 * covering balance_location_idx), then every active part number is checked
 * against those sums; a part with nothing in the subtree has 0 available.
 */
const SHORT_EVERYWHERE = `p.active AND p.total_on_hand - p.total_reserved < greatest(p.reorder_point, p.minimum_stock)`;

const SUBTREE_SUMS = `
  WITH held AS (
    SELECT b.part_number_id, sum(b.on_hand) AS on_hand, sum(b.reserved) AS reserved
    FROM stock.location l
    JOIN stock.balance b ON b.location_id = l.id
    WHERE l.path @> ARRAY[$1::bigint]
    GROUP BY b.part_number_id
  )`;
const SHORT_IN_SUBTREE = `p.active AND coalesce(s.on_hand, 0) - coalesce(s.reserved, 0) < greatest(p.reorder_point, p.minimum_stock)`;

/** One page of active part numbers short of stock (optionally under one location subtree), by part id. */
export function listLowStock(db: Queryable, locationId: string | null, limit: number, afterPartId: string | null): Promise<LowStockRow[]> {
  if (locationId === null) {
    return db.query(
      'listLowStock',
      `SELECT p.id::text AS "partNumberId", p.total_on_hand AS "onHand", p.total_reserved AS reserved,
              p.total_on_hand - p.total_reserved AS available, p.reorder_point AS "reorderPoint", p.minimum_stock AS "minimumStock"
       FROM stock.catalog_part_number p
       WHERE ${SHORT_EVERYWHERE} AND ($1::bigint IS NULL OR p.id > $1)
       ORDER BY p.id
       LIMIT $2`,
      [afterPartId, limit],
    );
  }
  return db.query(
    'listLowStockUnderLocation',
    `${SUBTREE_SUMS}
     SELECT p.id::text AS "partNumberId", coalesce(s.on_hand, 0) AS "onHand", coalesce(s.reserved, 0) AS reserved,
            coalesce(s.on_hand, 0) - coalesce(s.reserved, 0) AS available, p.reorder_point AS "reorderPoint", p.minimum_stock AS "minimumStock"
     FROM stock.catalog_part_number p
     LEFT JOIN held s ON s.part_number_id = p.id
     WHERE ${SHORT_IN_SUBTREE} AND ($2::bigint IS NULL OR p.id > $2)
     ORDER BY p.id
     LIMIT $3`,
    [locationId, afterPartId, limit],
  );
}

/** How many part numbers are short of stock (optionally under one location subtree). */
export async function countLowStock(db: Queryable, locationId: string | null): Promise<number> {
  const [row] =
    locationId === null
      ? await db.query<{ count: number }>('countLowStock', `SELECT count(*)::int AS count FROM stock.catalog_part_number p WHERE ${SHORT_EVERYWHERE}`)
      : await db.query<{ count: number }>(
          'countLowStockUnderLocation',
          `${SUBTREE_SUMS}
           SELECT count(*)::int AS count FROM stock.catalog_part_number p LEFT JOIN held s ON s.part_number_id = p.id WHERE ${SHORT_IN_SUBTREE}`,
          [locationId],
        );
  return row?.count ?? 0;
}
