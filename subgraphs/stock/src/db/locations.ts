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
  readonly address: string | null;
  readonly city: string | null;
  readonly state: string | null;
  readonly country: string | null;
  readonly latitude: string | null;
  readonly longitude: string | null;
  readonly capacity: string | null;
  readonly metadata: unknown;
}

export interface LocationFilter {
  readonly type?: readonly string[] | null;
  readonly parentId?: string | null;
  readonly root?: boolean | null;
  readonly withinId?: string | null;
  readonly active?: boolean | null;
}

/** The descriptive columns a client may set on a location: all but its place in the tree. */
export type LocationDetails = Omit<LocationRow, 'id' | 'parentId' | 'path'>;

const COLUMNS = `l.id, l.code, l.name, l.type, l.active, l.parent_id AS "parentId", l.path,
  l.address, l.city, l.state, l.country, l.latitude, l.longitude, l.capacity, l.metadata`;

/**
 * A location row of table alias `alias` as one JSON value shaped like
 * `LocationRow`, for queries that return locations beside other rows (so
 * the location loader can be primed instead of asked again).
 */
export function locationJson(alias: string): string {
  return `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE jsonb_build_object(
    'id', ${alias}.id::text, 'code', ${alias}.code, 'name', ${alias}.name, 'type', ${alias}.type,
    'active', ${alias}.active, 'parentId', ${alias}.parent_id::text, 'path', ${alias}.path::text[],
    'address', ${alias}.address, 'city', ${alias}.city, 'state', ${alias}.state, 'country', ${alias}.country,
    'latitude', ${alias}.latitude::text, 'longitude', ${alias}.longitude::text, 'capacity', ${alias}.capacity::text,
    'metadata', ${alias}.metadata) END`;
}

const FILTER = `
  ($1::text[] IS NULL OR l.type = ANY($1))
  AND ($2::bigint IS NULL OR l.parent_id = $2)
  AND ($3::boolean IS NULL OR (l.parent_id IS NULL) = $3)
  AND ($4::bigint IS NULL OR l.path @> ARRAY[$4::bigint])
  AND ($5::boolean IS NULL OR l.active = $5)`;

const filterValues = (filter: LocationFilter) => [
  filter.type ?? null,
  filter.parentId ?? null,
  filter.root ?? null,
  filter.withinId ?? null,
  filter.active ?? null,
];

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

/** Every location below each of these (one indexed statement over the materialized paths), with the root it was asked under, in tree order. */
export function findDescendantsOfLocations(db: Queryable, rootIds: readonly string[]): Promise<(LocationRow & { rootId: string })[]> {
  return db.query(
    'findDescendantsOfLocations',
    `SELECT root.id::text AS "rootId", ${COLUMNS}
     FROM unnest($1::bigint[]) AS root(id)
     JOIN stock.location l ON l.path @> ARRAY[root.id] AND l.id <> root.id
     ORDER BY root.id, l.path`,
    [rootIds],
  );
}

/** One page of locations ordered by code, after the code `afterCode`. */
export function listLocations(db: Queryable, filter: LocationFilter, limit: number, afterCode: string | null): Promise<LocationRow[]> {
  return db.query(
    'listLocations',
    `SELECT ${COLUMNS} FROM stock.location l
     WHERE ${FILTER} AND ($6::text IS NULL OR l.code > $6)
     ORDER BY l.code
     LIMIT $7`,
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

/**
 * One location, share-locked until the transaction ends: a subtree move
 * (which updates it) waits for us, and we read the path it left.
 */
export async function lockLocationForShare(tx: Queryable, id: string): Promise<LocationRow | null> {
  const [row] = await tx.query<LocationRow>(
    'lockLocationForShare',
    `SELECT ${COLUMNS} FROM stock.location l WHERE l.id = $1 FOR SHARE`,
    [id],
  );
  return row ?? null;
}

/** Inserts a location under `parentId` (or as a root), its path built from the parent's in the same statement. */
export async function insertLocation(tx: Queryable, details: LocationDetails, parentId: string | null): Promise<LocationRow> {
  const [row] = await tx.query<LocationRow>(
    'insertLocation',
    `WITH next AS (SELECT nextval(pg_get_serial_sequence('stock.location', 'id')) AS id),
     inserted AS (
       INSERT INTO stock.location (id, code, name, type, active, parent_id, path, address, city, state, country,
                                   latitude, longitude, capacity, metadata)
       SELECT next.id, $1, $2, $3, $4, $5::bigint, coalesce((SELECT p.path FROM stock.location p WHERE p.id = $5::bigint), '{}') || next.id,
              $6, $7, $8, $9, $10, $11, $12, $13::jsonb
       FROM next
       RETURNING *
     )
     SELECT ${COLUMNS} FROM inserted l`,
    [
      details.code, details.name, details.type, details.active, parentId, details.address, details.city, details.state,
      details.country, details.latitude, details.longitude, details.capacity, JSON.stringify(details.metadata ?? {}),
    ],
  );
  return row!;
}

/** Serialises subtree moves: two moves at once could otherwise build a cycle neither sees. */
export async function lockLocationTree(tx: Queryable): Promise<void> {
  await tx.query('lockLocationTree', `SELECT pg_advisory_xact_lock(hashtextextended('stock.location-tree', 0))`);
}

/**
 * Locks a location and every location below it, so no child can be added
 * under the subtree while its paths are rewritten; returns how many there are.
 */
export async function lockSubtree(tx: Queryable, id: string): Promise<number> {
  const rows = await tx.query<{ id: string }>(
    'lockSubtree',
    `SELECT l.id FROM stock.location l WHERE l.path @> ARRAY[$1::bigint] ORDER BY l.id FOR UPDATE`,
    [id],
  );
  return rows.length;
}

/**
 * Re-parents location `id` under `newParentId` (null: a root) and rewrites
 * the path of every location of its subtree in one statement. Returns the
 * moved location as it is now.
 */
export async function moveSubtree(tx: Queryable, id: string, newParentId: string | null): Promise<LocationRow> {
  const rows = await tx.query<LocationRow>(
    'moveSubtree',
    `WITH moved AS (SELECT m.path FROM stock.location m WHERE m.id = $1),
     prefix AS (SELECT coalesce((SELECT p.path FROM stock.location p WHERE p.id = $2::bigint), '{}'::bigint[]) AS path),
     updated AS (
       UPDATE stock.location l
       SET path = prefix.path || l.path[cardinality(moved.path):cardinality(l.path)],
           parent_id = CASE WHEN l.id = $1 THEN $2::bigint ELSE l.parent_id END,
           updated_at = CASE WHEN l.id = $1 THEN now() ELSE l.updated_at END
       FROM moved, prefix
       WHERE l.path @> ARRAY[$1::bigint]
       RETURNING l.*
     )
     SELECT ${COLUMNS} FROM updated l WHERE l.id = $1`,
    [id, newParentId],
  );
  return rows[0]!;
}
