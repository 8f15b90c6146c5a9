import type { Queryable } from '@inventory/platform';

/** The columns a create or update writes. */
export interface AssetModelValues {
  readonly categoryId: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly description: string | null;
  readonly partNumberId: string | null;
  readonly spec: Record<string, unknown>;
  readonly specVersionId: string | null;
  readonly active: boolean;
}

/** A `catalog.asset_model` row as the resolvers see it. */
export interface AssetModelRow extends AssetModelValues {
  readonly id: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** `lower(manufacturer)` and `lower(model)` as the database computes them: the keyset of `listAssetModels`. */
  readonly sortKeys: readonly [string, string];
}

export interface AssetModelFilter {
  readonly categoryId: string | null;
  readonly manufacturer: string | null;
  readonly active: boolean | null;
}

const COLUMNS = `
  m.id, m.category_id AS "categoryId", m.manufacturer, m.model, m.description, m.part_number_id AS "partNumberId", m.spec,
  m.spec_version_id AS "specVersionId", m.active, m.created_at AS "createdAt", m.updated_at AS "updatedAt",
  ARRAY[lower(m.manufacturer), lower(m.model)] AS "sortKeys"`;

const FILTER = `
  ($1::bigint IS NULL OR m.category_id = $1)
  AND ($2::text IS NULL OR lower(m.manufacturer) = lower($2))
  AND ($3::boolean IS NULL OR m.active = $3)`;

const filterValues = (filter: AssetModelFilter) => [filter.categoryId, filter.manufacturer, filter.active];

/** Models with these ids, in no particular order. */
export function findAssetModelsByIds(db: Queryable, ids: readonly string[]): Promise<AssetModelRow[]> {
  return db.query('findAssetModelsByIds', `SELECT ${COLUMNS} FROM catalog.asset_model m WHERE m.id = ANY($1::bigint[])`, [ids]);
}

/** One model, locked for update; null when none has this id. */
export async function lockAssetModel(tx: Queryable, id: string): Promise<AssetModelRow | null> {
  const [row] = await tx.query<AssetModelRow>('lockAssetModel', `SELECT ${COLUMNS} FROM catalog.asset_model m WHERE m.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/** One page of models ordered by manufacturer and model (any case), after the keyset `[manufacturer, model, id]`. */
export function listAssetModels(
  db: Queryable,
  filter: AssetModelFilter,
  limit: number,
  after: readonly [string, string, string] | null,
): Promise<AssetModelRow[]> {
  return db.query(
    'listAssetModels',
    `SELECT ${COLUMNS} FROM catalog.asset_model m
     WHERE ${FILTER} AND ($4::text IS NULL OR (lower(m.manufacturer), lower(m.model), m.id) > ($4, $5, $6::bigint))
     ORDER BY lower(m.manufacturer), lower(m.model), m.id
     LIMIT $7`,
    [...filterValues(filter), after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit],
  );
}

/** How many models match `filter`. */
export async function countAssetModels(db: Queryable, filter: AssetModelFilter): Promise<number> {
  const [row] = await db.query<{ count: number }>('countAssetModels', `SELECT count(*)::int AS count FROM catalog.asset_model m WHERE ${FILTER}`, filterValues(filter));
  return row?.count ?? 0;
}

const VALUES = (values: AssetModelValues) => [
  values.categoryId, values.manufacturer, values.model, values.description, values.partNumberId, JSON.stringify(values.spec),
  values.specVersionId, values.active,
];

/** Inserts a model and returns it. */
export async function insertAssetModel(tx: Queryable, values: AssetModelValues, actor: string): Promise<AssetModelRow> {
  const [row] = await tx.query<AssetModelRow>(
    'insertAssetModel',
    `INSERT INTO catalog.asset_model AS m (category_id, manufacturer, model, description, part_number_id, spec, spec_version_id, active,
       created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $9)
     RETURNING ${COLUMNS}`,
    [...VALUES(values), actor],
  );
  return row!;
}

/** Writes every column of a model. */
export async function updateAssetModel(tx: Queryable, id: string, values: AssetModelValues, actor: string): Promise<AssetModelRow> {
  const [row] = await tx.query<AssetModelRow>(
    'updateAssetModel',
    `UPDATE catalog.asset_model m SET category_id = $1, manufacturer = $2, model = $3, description = $4, part_number_id = $5,
       spec = $6::jsonb, spec_version_id = $7, active = $8, updated_at = clock_timestamp(), updated_by = $9
     WHERE m.id = $10 RETURNING ${COLUMNS}`,
    [...VALUES(values), actor, id],
  );
  return row!;
}
