import type { Queryable } from '@inventory/platform';
import type { AssetCondition, AssetStatus } from '../domain/asset-status.ts';
import type { TextSearch } from './search.ts';

/** The columns a create or update writes. */
export interface AssetValues {
  readonly serialNumber: string;
  readonly batchNumber: string | null;
  readonly partNumberId: string;
  readonly modelId: string | null;
  readonly status: AssetStatus;
  readonly condition: AssetCondition;
  readonly acquiredOn: string | null;
  readonly acquisitionCost: string | null;
  readonly warrantyExpiresOn: string | null;
  readonly lastMaintenanceOn: string | null;
  readonly nextMaintenanceOn: string | null;
  readonly project: string | null;
  readonly notes: string | null;
  readonly metadata: unknown;
}

/** A `catalog.asset` row as the resolvers see it: what was written, and what the database adds. */
export interface AssetRow extends AssetValues {
  readonly id: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly createdBy: string;
  readonly updatedBy: string;
  /** `updated_at` as ISO text with microseconds: the `version` of `catalog.asset.saved`. */
  readonly version: string;
  /** Relevance to the search, in lists ordered by relevance. */
  readonly searchScore?: string;
}

export interface AssetFilter {
  readonly search: TextSearch | null;
  readonly status: readonly string[] | null;
  readonly condition: readonly string[] | null;
  readonly partNumberId: string | null;
  readonly modelId: string | null;
  readonly categoryId: string | null;
  readonly project: string | null;
  readonly assigneeId: string | null;
  readonly assigneeType: string | null;
  readonly warrantyExpiresBefore: string | null;
  readonly maintenanceDueBefore: string | null;
}

export type AssetOrder = 'NEWEST' | 'SERIAL_NUMBER' | 'RELEVANCE';

const COLUMNS = `
  a.id, a.serial_number AS "serialNumber", a.batch_number AS "batchNumber", a.part_number_id AS "partNumberId",
  a.model_id AS "modelId", a.status, a.condition, a.acquired_on AS "acquiredOn", a.acquisition_cost AS "acquisitionCost",
  a.warranty_expires_on AS "warrantyExpiresOn", a.last_maintenance_on AS "lastMaintenanceOn",
  a.next_maintenance_on AS "nextMaintenanceOn", a.project, a.notes, a.metadata,
  a.created_at AS "createdAt", a.updated_at AS "updatedAt", a.created_by AS "createdBy", a.updated_by AS "updatedBy",
  to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS version`;

// Text search looks at the asset's own text and at its part number's.
const FILTER = `
  ($1::text IS NULL
     OR a.search_text LIKE $1 OR a.search_vector @@ to_tsquery('simple', $2)
     OR a.part_number_id IN (SELECT p.id FROM catalog.part_number p WHERE p.search_text LIKE $1 OR p.search_vector @@ to_tsquery('simple', $2)))
  AND ($3::text[] IS NULL OR a.status = ANY($3))
  AND ($4::text[] IS NULL OR a.condition = ANY($4))
  AND ($5::bigint IS NULL OR a.part_number_id = $5)
  AND ($6::bigint IS NULL OR a.model_id = $6)
  AND ($7::bigint IS NULL OR a.model_id IN (SELECT m.id FROM catalog.asset_model m WHERE m.category_id = $7))
  AND ($8::text IS NULL OR a.project = $8)
  AND (($9::text IS NULL AND $10::text IS NULL) OR EXISTS (
        SELECT 1 FROM catalog.asset_assignment aa
        WHERE aa.asset_id = a.id AND aa.returned_at IS NULL
          AND ($9::text IS NULL OR aa.assignee_id = $9) AND ($10::text IS NULL OR aa.assignee_type = $10)))
  AND ($11::date IS NULL OR a.warranty_expires_on < $11)
  AND ($12::date IS NULL OR a.next_maintenance_on < $12)`;

const filterValues = (filter: AssetFilter) => [
  filter.search?.pattern ?? null,
  filter.search?.tsquery ?? null,
  filter.status,
  filter.condition,
  filter.partNumberId,
  filter.modelId,
  filter.categoryId,
  filter.project,
  filter.assigneeId,
  filter.assigneeType,
  filter.warrantyExpiresBefore,
  filter.maintenanceDueBefore,
];

// An exact serial beats a serial prefix beats everything else; within a
// tier, full-text rank plus trigram similarity of the asset's own text.
const SCORE = `
  CASE WHEN $1::text IS NULL THEN 0 ELSE round((
    CASE WHEN lower(a.serial_number) = $13 THEN 3 WHEN lower(a.serial_number) LIKE $14 THEN 2 ELSE 0 END
    + coalesce(ts_rank(a.search_vector, to_tsquery('simple', $2)), 0)
    + public.similarity(a.search_text, $13))::numeric, 6) END`;

const ORDERS: Record<AssetOrder, { readonly keyset: string; readonly orderBy: string }> = {
  NEWEST: { keyset: `a.id < $16::bigint`, orderBy: `a.id DESC` },
  SERIAL_NUMBER: { keyset: `a."serialNumber" >= $15 AND (a."serialNumber", a.id) > ($15, $16::bigint)`, orderBy: `a."serialNumber", a.id` },
  RELEVANCE: { keyset: `(a."searchScore" < $15::numeric OR (a."searchScore" = $15::numeric AND a.id > $16::bigint))`, orderBy: `a."searchScore" DESC, a.id` },
};

/** Assets with these ids, in no particular order. */
export function findAssetsByIds(db: Queryable, ids: readonly string[]): Promise<AssetRow[]> {
  return db.query('findAssetsByIds', `SELECT ${COLUMNS} FROM catalog.asset a WHERE a.id = ANY($1::bigint[])`, [ids]);
}

/**
 * The asset each of `serialNumbers` names, as rows carrying the key exactly
 * as given (`lookupKey`): serials are unique without regard to case or
 * surrounding blanks, so a key is trimmed and matched case-insensitively
 * (through the unique index on `lower(serial_number)`).
 */
export function findAssetsBySerialNumbers(db: Queryable, serialNumbers: readonly string[]): Promise<(AssetRow & { readonly lookupKey: string })[]> {
  return db.query(
    'findAssetsBySerialNumbers',
    `SELECT k.key AS "lookupKey", ${COLUMNS}
     FROM unnest($1::text[]) AS k (key)
     JOIN catalog.asset a ON lower(a.serial_number) = lower(btrim(k.key, E' \\t\\r\\n'))`,
    [serialNumbers],
  );
}

/** One asset, locked for update until the transaction ends; null when none has this id. */
export async function lockAsset(tx: Queryable, id: string): Promise<AssetRow | null> {
  const [row] = await tx.query<AssetRow>('lockAsset', `SELECT ${COLUMNS} FROM catalog.asset a WHERE a.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/**
 * One page of assets in `order`, after the keyset `after` (`[key, id]` of
 * the last row seen: id, serial number or relevance score).
 */
export function listAssets(
  db: Queryable,
  filter: AssetFilter,
  order: AssetOrder,
  limit: number,
  after: readonly [string, string] | null,
): Promise<AssetRow[]> {
  const { keyset, orderBy } = ORDERS[order];
  return db.query(
    'listAssets',
    `SELECT a.* FROM (
       SELECT ${COLUMNS}, ${SCORE} AS "searchScore" FROM catalog.asset a WHERE ${FILTER}
     ) a
     WHERE ($15::text IS NULL OR ${keyset})
     ORDER BY ${orderBy}
     LIMIT $17`,
    [...filterValues(filter), filter.search?.exact ?? null, filter.search?.prefix ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
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

/** Whether any asset is a unit of this part number. */
export async function partNumberHasAssets(db: Queryable, partNumberId: string): Promise<boolean> {
  const [row] = await db.query<{ exists: boolean }>(
    'partNumberHasAssets',
    `SELECT EXISTS (SELECT 1 FROM catalog.asset a WHERE a.part_number_id = $1) AS exists`,
    [partNumberId],
  );
  return row?.exists ?? false;
}

const VALUES = (values: AssetValues) => [
  values.serialNumber, values.batchNumber, values.partNumberId, values.modelId, values.status, values.condition, values.acquiredOn,
  values.acquisitionCost, values.warrantyExpiresOn, values.lastMaintenanceOn, values.nextMaintenanceOn, values.project,
  values.notes, JSON.stringify(values.metadata),
];

/** Inserts an asset and returns it. */
export async function insertAsset(tx: Queryable, values: AssetValues, actor: string): Promise<AssetRow> {
  const [row] = await tx.query<AssetRow>(
    'insertAsset',
    `INSERT INTO catalog.asset AS a (serial_number, batch_number, part_number_id, model_id, status, condition, acquired_on,
       acquisition_cost, warranty_expires_on, last_maintenance_on, next_maintenance_on, project, notes, metadata,
       created_at, updated_at, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, clock_timestamp(), clock_timestamp(), $15, $15)
     RETURNING ${COLUMNS}`,
    [...VALUES(values), actor],
  );
  return row!;
}

/** Writes every column of an asset; `updated_at` strictly increases. */
export async function updateAsset(tx: Queryable, id: string, values: AssetValues, actor: string): Promise<AssetRow> {
  const [row] = await tx.query<AssetRow>(
    'updateAsset',
    `UPDATE catalog.asset a SET serial_number = $1, batch_number = $2, part_number_id = $3, model_id = $4, status = $5,
       condition = $6, acquired_on = $7, acquisition_cost = $8, warranty_expires_on = $9, last_maintenance_on = $10,
       next_maintenance_on = $11, project = $12, notes = $13, metadata = $14::jsonb,
       updated_at = greatest(clock_timestamp(), a.updated_at + interval '1 microsecond'), updated_by = $15
     WHERE a.id = $16
     RETURNING ${COLUMNS}`,
    [...VALUES(values), actor, id],
  );
  return row!;
}
