import type { Queryable } from '@inventory/platform';

/** What a receipt averages with: the part's quantity on hand everywhere and its average cost. */
export interface PartValuationRow {
  readonly totalOnHand: string;
  readonly averageCost: string;
}

/**
 * The part's valuation, read in a posting's transaction after `lockBalances`
 * locked its stock record, so no other posting of the part changes it
 * before `saveAverageCost`.
 */
export async function findPartValuation(tx: Queryable, partNumberId: string): Promise<PartValuationRow> {
  const [row] = await tx.query<PartValuationRow>(
    'findPartValuation',
    `SELECT p.total_on_hand AS "totalOnHand", p.average_cost AS "averageCost" FROM stock.catalog_part_number p WHERE p.id = $1`,
    [partNumberId],
  );
  if (!row) throw new Error(`part number ${partNumberId} has no stock record`);
  return row;
}

/** Sets the part's average cost (a receipt's posting). */
export async function saveAverageCost(tx: Queryable, partNumberId: string, averageCost: string): Promise<void> {
  await tx.query('saveAverageCost', 'UPDATE stock.catalog_part_number SET average_cost = $2 WHERE id = $1', [partNumberId, averageCost]);
}

/** The moving average cost of each of these part numbers; parts stock has no record of are absent. */
export function findAverageCosts(db: Queryable, partNumberIds: readonly string[]): Promise<{ partNumberId: string; averageCost: string }[]> {
  return db.query(
    'findAverageCosts',
    `SELECT p.id::text AS "partNumberId", p.average_cost::text AS "averageCost" FROM stock.catalog_part_number p WHERE p.id = ANY($1::bigint[])`,
    [partNumberIds],
  );
}
