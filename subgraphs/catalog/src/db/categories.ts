import type { Queryable } from '@inventory/platform';
import type { SpecField } from '../domain/spec.ts';

/** A `catalog.asset_category` row as the resolvers see it. */
export interface AssetCategoryRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly description: string | null;
  readonly active: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A `catalog.spec_version` row as the resolvers see it. */
export interface SpecVersionRow {
  readonly id: string;
  readonly categoryId: string;
  readonly version: number;
  readonly status: 'DRAFT' | 'ACTIVE' | 'RETIRED';
  readonly fields: readonly SpecField[];
  readonly publishedAt: Date | null;
  readonly retiredAt: Date | null;
  readonly createdAt: Date;
}

const COLUMNS = `c.id, c.code, c.name, c.description, c.active, c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

const VERSION_COLUMNS = `
  v.id, v.category_id AS "categoryId", v.version, v.status, v.fields, v.published_at AS "publishedAt",
  v.retired_at AS "retiredAt", v.created_at AS "createdAt"`;

/** Categories with these ids, in no particular order. */
export function findAssetCategoriesByIds(db: Queryable, ids: readonly string[]): Promise<AssetCategoryRow[]> {
  return db.query('findAssetCategoriesByIds', `SELECT ${COLUMNS} FROM catalog.asset_category c WHERE c.id = ANY($1::bigint[])`, [ids]);
}

/** Categories with these codes, in no particular order. */
export function findAssetCategoriesByCodes(db: Queryable, codes: readonly string[]): Promise<AssetCategoryRow[]> {
  return db.query('findAssetCategoriesByCodes', `SELECT ${COLUMNS} FROM catalog.asset_category c WHERE c.code = ANY($1::text[])`, [codes]);
}

/** One category, locked for update (this also serialises its spec versions); null when none has this id. */
export async function lockAssetCategory(tx: Queryable, id: string): Promise<AssetCategoryRow | null> {
  const [row] = await tx.query<AssetCategoryRow>('lockAssetCategory', `SELECT ${COLUMNS} FROM catalog.asset_category c WHERE c.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/** One page of categories ordered by code, after `afterCode`. */
export function listAssetCategories(db: Queryable, active: boolean | null, limit: number, afterCode: string | null): Promise<AssetCategoryRow[]> {
  return db.query(
    'listAssetCategories',
    `SELECT ${COLUMNS} FROM catalog.asset_category c
     WHERE ($1::boolean IS NULL OR c.active = $1) AND ($2::text IS NULL OR c.code > $2)
     ORDER BY c.code LIMIT $3`,
    [active, afterCode, limit],
  );
}

/** How many categories are (in)active, or all of them. */
export async function countAssetCategories(db: Queryable, active: boolean | null): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    'countAssetCategories',
    `SELECT count(*)::int AS count FROM catalog.asset_category c WHERE ($1::boolean IS NULL OR c.active = $1)`,
    [active],
  );
  return row?.count ?? 0;
}

/** Inserts a category and returns it. */
export async function insertAssetCategory(
  tx: Queryable,
  values: { code: string; name: string; description: string | null },
  actor: string,
): Promise<AssetCategoryRow> {
  const [row] = await tx.query<AssetCategoryRow>(
    'insertAssetCategory',
    `INSERT INTO catalog.asset_category AS c (code, name, description, created_by, updated_by) VALUES ($1, $2, $3, $4, $4) RETURNING ${COLUMNS}`,
    [values.code, values.name, values.description, actor],
  );
  return row!;
}

/** Writes a category's name, description and active flag. */
export async function updateAssetCategory(
  tx: Queryable,
  id: string,
  values: { name: string; description: string | null; active: boolean },
  actor: string,
): Promise<AssetCategoryRow> {
  const [row] = await tx.query<AssetCategoryRow>(
    'updateAssetCategory',
    `UPDATE catalog.asset_category c SET name = $1, description = $2, active = $3, updated_at = clock_timestamp(), updated_by = $4
     WHERE c.id = $5 RETURNING ${COLUMNS}`,
    [values.name, values.description, values.active, actor, id],
  );
  return row!;
}

/** Spec versions with these ids, in no particular order. */
export function findSpecVersionsByIds(db: Queryable, ids: readonly string[]): Promise<SpecVersionRow[]> {
  return db.query('findSpecVersionsByIds', `SELECT ${VERSION_COLUMNS} FROM catalog.spec_version v WHERE v.id = ANY($1::bigint[])`, [ids]);
}

/** Every spec version of these categories, newest first. */
export function listSpecVersionsOfCategories(db: Queryable, categoryIds: readonly string[]): Promise<SpecVersionRow[]> {
  return db.query(
    'listSpecVersionsOfCategories',
    `SELECT ${VERSION_COLUMNS} FROM catalog.spec_version v WHERE v.category_id = ANY($1::bigint[]) ORDER BY v.version DESC`,
    [categoryIds],
  );
}

/** The active spec version of a category; null when none is published. */
export async function findActiveSpecVersion(db: Queryable, categoryId: string): Promise<SpecVersionRow | null> {
  const [row] = await db.query<SpecVersionRow>(
    'findActiveSpecVersion',
    `SELECT ${VERSION_COLUMNS} FROM catalog.spec_version v WHERE v.category_id = $1 AND v.status = 'ACTIVE'`,
    [categoryId],
  );
  return row ?? null;
}

/** One spec version, locked for update; null when none has this id. */
export async function lockSpecVersion(tx: Queryable, id: string): Promise<SpecVersionRow | null> {
  const [row] = await tx.query<SpecVersionRow>('lockSpecVersion', `SELECT ${VERSION_COLUMNS} FROM catalog.spec_version v WHERE v.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/** Inserts a draft numbered after the category's latest version (the caller holds the category's lock). */
export async function insertSpecVersion(tx: Queryable, categoryId: string, fields: readonly SpecField[], actor: string): Promise<SpecVersionRow> {
  const [row] = await tx.query<SpecVersionRow>(
    'insertSpecVersion',
    `INSERT INTO catalog.spec_version AS v (category_id, version, fields, created_by, updated_by)
     VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM catalog.spec_version WHERE category_id = $1), $2::jsonb, $3, $3)
     RETURNING ${VERSION_COLUMNS}`,
    [categoryId, JSON.stringify(fields), actor],
  );
  return row!;
}

/** Replaces a draft's field definitions. */
export async function updateSpecVersionFields(tx: Queryable, id: string, fields: readonly SpecField[], actor: string): Promise<SpecVersionRow> {
  const [row] = await tx.query<SpecVersionRow>(
    'updateSpecVersionFields',
    `UPDATE catalog.spec_version v SET fields = $1::jsonb, updated_at = clock_timestamp(), updated_by = $2 WHERE v.id = $3
     RETURNING ${VERSION_COLUMNS}`,
    [JSON.stringify(fields), actor, id],
  );
  return row!;
}

/** Retires the category's active version, if any, and returns it. */
export async function retireActiveSpecVersion(tx: Queryable, categoryId: string, actor: string): Promise<SpecVersionRow | null> {
  const [row] = await tx.query<SpecVersionRow>(
    'retireActiveSpecVersion',
    `UPDATE catalog.spec_version v SET status = 'RETIRED', retired_at = clock_timestamp(), updated_at = clock_timestamp(), updated_by = $2
     WHERE v.category_id = $1 AND v.status = 'ACTIVE'
     RETURNING ${VERSION_COLUMNS}`,
    [categoryId, actor],
  );
  return row ?? null;
}

/** Makes a draft the active version. */
export async function activateSpecVersion(tx: Queryable, id: string, actor: string): Promise<SpecVersionRow> {
  const [row] = await tx.query<SpecVersionRow>(
    'activateSpecVersion',
    `UPDATE catalog.spec_version v SET status = 'ACTIVE', published_at = clock_timestamp(), updated_at = clock_timestamp(), updated_by = $2
     WHERE v.id = $1 RETURNING ${VERSION_COLUMNS}`,
    [id, actor],
  );
  return row!;
}
