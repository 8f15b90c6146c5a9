import type { Queryable } from '@inventory/platform';

/** A `catalog.asset` row as the resolvers see it. */
export interface AssetRow {
  readonly id: string;
  readonly serialNumber: string;
  readonly partNumberId: string;
  readonly status: 'AVAILABLE' | 'IN_USE' | 'MAINTENANCE' | 'RESERVED' | 'SCRAPPED' | 'LOST' | 'RETURNED';
  readonly condition: 'NEW' | 'GOOD' | 'FAIR' | 'POOR' | 'DAMAGED' | 'REFURBISHED';
  readonly acquiredOn: string | null;
  readonly notes: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface AssetFilter {
  readonly status?: readonly string[] | null;
  readonly condition?: readonly string[] | null;
  readonly partNumberId?: string | null;
}

const COLUMNS = `
  a.id, a.serial_number AS "serialNumber", a.part_number_id AS "partNumberId", a.status, a.condition,
  a.acquired_on AS "acquiredOn", a.notes, a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

const FILTER = `
  ($1::text[] IS NULL OR a.status = ANY($1))
  AND ($2::text[] IS NULL OR a.condition = ANY($2))
  AND ($3::bigint IS NULL OR a.part_number_id = $3)`;

const filterValues = (filter: AssetFilter) => [filter.status ?? null, filter.condition ?? null, filter.partNumberId ?? null];

/** Assets with these ids, in no particular order. */
export function findAssetsByIds(db: Queryable, ids: readonly string[]): Promise<AssetRow[]> {
  return db.query('findAssetsByIds', `SELECT ${COLUMNS} FROM catalog.asset a WHERE a.id = ANY($1::bigint[])`, [ids]);
}

/** Assets with these serial numbers, in no particular order. */
export function findAssetsBySerialNumbers(db: Queryable, serialNumbers: readonly string[]): Promise<AssetRow[]> {
  return db.query(
    'findAssetsBySerialNumbers',
    `SELECT ${COLUMNS} FROM catalog.asset a WHERE a.serial_number = ANY($1::text[])`,
    [serialNumbers],
  );
}

/** One page of assets, newest first, before the id `beforeId`. */
export function listAssets(db: Queryable, filter: AssetFilter, limit: number, beforeId: string | null): Promise<AssetRow[]> {
  return db.query(
    'listAssets',
    `SELECT ${COLUMNS} FROM catalog.asset a
     WHERE ${FILTER} AND ($4::bigint IS NULL OR a.id < $4)
     ORDER BY a.id DESC
     LIMIT $5`,
    [...filterValues(filter), beforeId, limit],
  );
}

/** How many assets match `filter`. */
export async function countAssets(db: Queryable, filter: AssetFilter): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    'countAssets',
    `SELECT count(*)::int AS count FROM catalog.asset a WHERE ${FILTER}`,
    filterValues(filter),
  );
  return row?.count ?? 0;
}

/** Up to `limit` newest assets of each part number, before the id `beforeId`: one statement for any number of parts. */
export function listAssetsOfPartNumbers(
  db: Queryable,
  partNumberIds: readonly string[],
  limit: number,
  beforeId: string | null,
): Promise<AssetRow[]> {
  return db.query(
    'listAssetsOfPartNumbers',
    `SELECT page.* FROM unnest($1::bigint[]) AS parent(id)
     CROSS JOIN LATERAL (
       SELECT ${COLUMNS} FROM catalog.asset a
       WHERE a.part_number_id = parent.id AND ($2::bigint IS NULL OR a.id < $2)
       ORDER BY a.id DESC
       LIMIT $3
     ) AS page`,
    [partNumberIds, beforeId, limit],
  );
}

/** Number of assets of each part number that has any. */
export function countAssetsOfPartNumbers(db: Queryable, partNumberIds: readonly string[]): Promise<{ partNumberId: string; count: number }[]> {
  return db.query(
    'countAssetsOfPartNumbers',
    `SELECT a.part_number_id AS "partNumberId", count(*)::int AS count
     FROM catalog.asset a WHERE a.part_number_id = ANY($1::bigint[])
     GROUP BY a.part_number_id`,
    [partNumberIds],
  );
}
