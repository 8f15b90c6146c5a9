import type { Queryable } from '@inventory/platform';

export type LocationType = 'WAREHOUSE' | 'SHELF' | 'BIN' | 'PROJECT_SITE' | 'VEHICLE' | 'EXTERNAL' | 'TRANSIT';

/** A `stock.location` row as the resolvers see it. */
export interface LocationRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly type: LocationType;
  readonly active: boolean;
  readonly parentId: string | null;
  /** Ids from the root down to this location, itself included. */
  readonly path: readonly string[];
}

export interface LocationFilter {
  readonly type?: readonly string[] | null;
  readonly parentId?: string | null;
  readonly root?: boolean | null;
}

const COLUMNS = `l.id, l.code, l.name, l.type, l.active, l.parent_id AS "parentId", l.path`;

/**
 * A location row of table alias `alias` as one JSON value shaped like
 * `LocationRow`, for queries that return locations beside other rows (so
 * the location loader can be primed instead of asked again).
 */
export function locationJson(alias: string): string {
  return `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE jsonb_build_object(
    'id', ${alias}.id::text, 'code', ${alias}.code, 'name', ${alias}.name, 'type', ${alias}.type,
    'active', ${alias}.active, 'parentId', ${alias}.parent_id::text, 'path', ${alias}.path::text[]) END`;
}

const FILTER = `
  ($1::text[] IS NULL OR l.type = ANY($1))
  AND ($2::bigint IS NULL OR l.parent_id = $2)
  AND ($3::boolean IS NULL OR (l.parent_id IS NULL) = $3)`;

const filterValues = (filter: LocationFilter) => [filter.type ?? null, filter.parentId ?? null, filter.root ?? null];

/** Locations with these ids, in no particular order. */
export function findLocationsByIds(db: Queryable, ids: readonly string[]): Promise<LocationRow[]> {
  return db.query('findLocationsByIds', `SELECT ${COLUMNS} FROM stock.location l WHERE l.id = ANY($1::bigint[])`, [ids]);
}

/** Locations with these codes, in no particular order. */
export function findLocationsByCodes(db: Queryable, codes: readonly string[]): Promise<LocationRow[]> {
  return db.query('findLocationsByCodes', `SELECT ${COLUMNS} FROM stock.location l WHERE l.code = ANY($1::text[])`, [codes]);
}

/** Direct children of these locations, ordered by code. */
export function findChildrenOfLocations(db: Queryable, parentIds: readonly string[]): Promise<LocationRow[]> {
  return db.query(
    'findChildrenOfLocations',
    `SELECT ${COLUMNS} FROM stock.location l WHERE l.parent_id = ANY($1::bigint[]) ORDER BY l.code`,
    [parentIds],
  );
}

/** One page of locations ordered by code, after the code `afterCode`. */
export function listLocations(db: Queryable, filter: LocationFilter, limit: number, afterCode: string | null): Promise<LocationRow[]> {
  return db.query(
    'listLocations',
    `SELECT ${COLUMNS} FROM stock.location l
     WHERE ${FILTER} AND ($4::text IS NULL OR l.code > $4)
     ORDER BY l.code
     LIMIT $5`,
    [...filterValues(filter), afterCode, limit],
  );
}

/** How many locations match `filter`. */
export async function countLocations(db: Queryable, filter: LocationFilter): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    'countLocations',
    `SELECT count(*)::int AS count FROM stock.location l WHERE ${FILTER}`,
    filterValues(filter),
  );
  return row?.count ?? 0;
}
