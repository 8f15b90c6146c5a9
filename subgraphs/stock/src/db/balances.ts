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
