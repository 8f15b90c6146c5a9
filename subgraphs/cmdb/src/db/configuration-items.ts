import type { Queryable } from '@inventory/platform';

/** A `cmdb.configuration_item` row as the resolvers see it. */
export interface ConfigurationItemRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly typeId: string;
  readonly status: 'ACTIVE' | 'PLANNED' | 'MAINTENANCE' | 'RETIRED';
  readonly environment: 'PROD' | 'UAT' | 'DEV';
  readonly ownerTeam: string | null;
  readonly assetId: string | null;
  readonly locationId: string | null;
  readonly attributes: unknown;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ConfigurationItemFilter {
  readonly typeCode?: string | null;
  readonly status?: readonly string[] | null;
  readonly environment?: readonly string[] | null;
}

const COLUMNS = `
  c.id, c.code, c.name, c.type_id AS "typeId", c.status, c.environment, c.owner_team AS "ownerTeam",
  c.asset_id AS "assetId", c.location_id AS "locationId", c.attributes,
  c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

// An unknown type code matches no type id, so it yields an empty list rather than an error.
const FILTER = `
  ($1::text IS NULL OR c.type_id = (SELECT t.id FROM cmdb.ci_type t WHERE t.code = $1))
  AND ($2::text[] IS NULL OR c.status = ANY($2))
  AND ($3::text[] IS NULL OR c.environment = ANY($3))`;

const filterValues = (filter: ConfigurationItemFilter) => [filter.typeCode ?? null, filter.status ?? null, filter.environment ?? null];

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
     WHERE ${FILTER} AND ($4::text IS NULL OR c.code > $4)
     ORDER BY c.code
     LIMIT $5`,
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
