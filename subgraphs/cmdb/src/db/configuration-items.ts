import type { Queryable } from '@inventory/platform';

export type ConfigurationItemStatus = 'ACTIVE' | 'PLANNED' | 'MAINTENANCE' | 'RETIRED';
export type Environment = 'PROD' | 'UAT' | 'DEV';

/** A `cmdb.configuration_item` row as the resolvers see it. */
export interface ConfigurationItemRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly typeId: string;
  readonly typeVersionId: string | null;
  readonly status: ConfigurationItemStatus;
  readonly environment: Environment;
  readonly ownerTeam: string | null;
  readonly assetId: string | null;
  readonly locationId: string | null;
  readonly attributes: Record<string, unknown>;
  readonly notes: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ConfigurationItemFilter {
  readonly typeCode?: string | null;
  readonly status?: readonly string[] | null;
  readonly environment?: readonly string[] | null;
  readonly ownerTeam?: string | null;
  readonly search?: string | null;
  readonly hasAsset?: boolean | null;
  readonly locationId?: string | null;
  /** A JSON object the attributes must contain. */
  readonly attributes?: Record<string, unknown> | null;
}

const COLUMNS = `
  c.id, c.code, c.name, c.type_id AS "typeId", c.type_version_id AS "typeVersionId", c.status, c.environment,
  c.owner_team AS "ownerTeam", c.asset_id AS "assetId", c.location_id AS "locationId", c.attributes, c.notes,
  c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

// An unknown type code matches no type id, so it yields an empty list rather than an error.
// The search text is matched literally: LIKE wildcards in it are escaped.
const FILTER = `
  ($1::text IS NULL OR c.type_id = (SELECT t.id FROM cmdb.ci_type t WHERE t.code = $1))
  AND ($2::text[] IS NULL OR c.status = ANY($2))
  AND ($3::text[] IS NULL OR c.environment = ANY($3))
  AND ($4::text IS NULL OR c.owner_team = $4)
  AND ($5::text IS NULL OR c.code ILIKE '%' || $5 || '%' OR c.name ILIKE '%' || $5 || '%')
  AND ($6::boolean IS NULL OR (c.asset_id IS NOT NULL) = $6)
  AND ($7::bigint IS NULL OR c.location_id = $7)
  AND ($8::jsonb IS NULL OR c.attributes @> $8)`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

const filterValues = (filter: ConfigurationItemFilter) => [
  filter.typeCode ?? null,
  filter.status ?? null,
  filter.environment ?? null,
  filter.ownerTeam ?? null,
  filter.search ? escapeLike(filter.search) : null,
  filter.hasAsset ?? null,
  filter.locationId ?? null,
  filter.attributes ? JSON.stringify(filter.attributes) : null,
];

/** Configuration items with these ids, in no particular order. */
export function findConfigurationItemsByIds(db: Queryable, ids: readonly string[]): Promise<ConfigurationItemRow[]> {
  return db.query(
    'findConfigurationItemsByIds',
    `SELECT ${COLUMNS} FROM cmdb.configuration_item c WHERE c.id = ANY($1::bigint[])`,
    [ids],
  );
}

/** Configuration items with these codes, in no particular order. */
export function findConfigurationItemsByCodes(db: Queryable, codes: readonly string[]): Promise<ConfigurationItemRow[]> {
  return db.query(
    'findConfigurationItemsByCodes',
    `SELECT ${COLUMNS} FROM cmdb.configuration_item c WHERE c.code = ANY($1::text[])`,
    [codes],
  );
}

/** Configuration items representing these assets (at most one each), in no particular order. */
export function findConfigurationItemsByAssetIds(db: Queryable, assetIds: readonly string[]): Promise<ConfigurationItemRow[]> {
  return db.query(
    'findConfigurationItemsByAssetIds',
    `SELECT ${COLUMNS} FROM cmdb.configuration_item c WHERE c.asset_id = ANY($1::bigint[])`,
    [assetIds],
  );
}

/** One page of configuration items ordered by code, after the code `afterCode`. */
export function listConfigurationItems(
  db: Queryable,
  filter: ConfigurationItemFilter,
  limit: number,
  afterCode: string | null,
): Promise<ConfigurationItemRow[]> {
  return db.query(
    'listConfigurationItems',
    `SELECT ${COLUMNS} FROM cmdb.configuration_item c
     WHERE ${FILTER} AND ($9::text IS NULL OR c.code > $9)
     ORDER BY c.code
     LIMIT $10`,
    [...filterValues(filter), afterCode, limit],
  );
}

/** How many configuration items match `filter`. */
export async function countConfigurationItems(db: Queryable, filter: ConfigurationItemFilter): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    'countConfigurationItems',
    `SELECT count(*)::int AS count FROM cmdb.configuration_item c WHERE ${FILTER}`,
    filterValues(filter),
  );
  return row?.count ?? 0;
}

/** Up to `limit` items at each of these locations, by code after `afterCode`: one statement for any number of locations. */
export function findConfigurationItemPagesByLocations(
  db: Queryable,
  locationIds: readonly string[],
  limit: number,
  afterCode: string | null,
): Promise<ConfigurationItemRow[]> {
  return db.query(
    'findConfigurationItemPagesByLocations',
    `SELECT page.* FROM unnest($1::bigint[]) AS l(id)
     CROSS JOIN LATERAL (
       SELECT ${COLUMNS} FROM cmdb.configuration_item c
       WHERE c.location_id = l.id AND ($2::text IS NULL OR c.code > $2)
       ORDER BY c.code
       LIMIT $3
     ) AS page`,
    [locationIds, afterCode, limit],
  );
}

/** How many items each of these locations holds (locations without any are absent). */
export function countConfigurationItemsByLocations(db: Queryable, locationIds: readonly string[]): Promise<{ locationId: string; count: number }[]> {
  return db.query(
    'countConfigurationItemsByLocations',
    `SELECT c.location_id AS "locationId", count(*)::int AS count FROM cmdb.configuration_item c
     WHERE c.location_id = ANY($1::bigint[]) GROUP BY c.location_id`,
    [locationIds],
  );
}

/** One item, locked until the transaction ends. */
export async function lockConfigurationItem(tx: Queryable, id: string): Promise<ConfigurationItemRow | null> {
  const [row] = await tx.query<ConfigurationItemRow>(
    'lockConfigurationItem',
    `SELECT ${COLUMNS} FROM cmdb.configuration_item c WHERE c.id = $1 FOR UPDATE`,
    [id],
  );
  return row ?? null;
}

/** Items with these ids locked in id order (a fixed order, so two transactions cannot deadlock). */
export function lockConfigurationItems(tx: Queryable, ids: readonly string[]): Promise<ConfigurationItemRow[]> {
  return tx.query(
    'lockConfigurationItems',
    `SELECT ${COLUMNS} FROM cmdb.configuration_item c WHERE c.id = ANY($1::bigint[]) ORDER BY c.id FOR SHARE`,
    [ids],
  );
}

/** The stored fields of an item, as inserts and updates write them. */
export type ConfigurationItemFields = Pick<
  ConfigurationItemRow,
  'name' | 'typeVersionId' | 'status' | 'environment' | 'ownerTeam' | 'assetId' | 'locationId' | 'attributes' | 'notes'
>;

/**
 * Inserts an item. Raises 23505 on `configuration_item_code_key` or
 * `configuration_item_asset_key`, 23503 when the asset or location does not exist.
 */
export async function insertConfigurationItem(
  tx: Queryable,
  item: ConfigurationItemFields & { code: string; typeId: string },
): Promise<ConfigurationItemRow> {
  const [row] = await tx.query<ConfigurationItemRow>(
    'insertConfigurationItem',
    `INSERT INTO cmdb.configuration_item AS c
       (code, name, type_id, type_version_id, status, environment, owner_team, asset_id, location_id, attributes, notes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)
     RETURNING ${COLUMNS}`,
    [item.code, item.name, item.typeId, item.typeVersionId, item.status, item.environment, item.ownerTeam, item.assetId,
      item.locationId, JSON.stringify(item.attributes), item.notes],
  );
  return row!;
}

/** Rewrites an item's changeable fields. Raises like `insertConfigurationItem`. */
export async function updateConfigurationItem(tx: Queryable, id: string, item: ConfigurationItemFields): Promise<ConfigurationItemRow> {
  const [row] = await tx.query<ConfigurationItemRow>(
    'updateConfigurationItem',
    `UPDATE cmdb.configuration_item AS c
     SET name = $2, type_version_id = $3, status = $4, environment = $5, owner_team = $6, asset_id = $7,
         location_id = $8, attributes = $9::jsonb, notes = $10, updated_at = now()
     WHERE c.id = $1
     RETURNING ${COLUMNS}`,
    [id, item.name, item.typeVersionId, item.status, item.environment, item.ownerTeam, item.assetId, item.locationId,
      JSON.stringify(item.attributes), item.notes],
  );
  return row!;
}
