import type { Queryable } from '@inventory/platform';
import { locationJson, type LocationRow } from './locations.ts';

export type MovementType = 'INBOUND' | 'OUTBOUND' | 'TRANSFER' | 'ADJUSTMENT' | 'RESERVATION' | 'RELEASE' | 'RETURN';
export type MovementStatus = 'POSTED' | 'PENDING_APPROVAL' | 'REJECTED' | 'CANCELLED';

/** A `stock.movement` row (one ledger entry) as the resolvers see it. */
export interface MovementRow {
  readonly id: string;
  readonly type: MovementType;
  readonly status: MovementStatus;
  readonly partNumberId: string;
  readonly assetId: string | null;
  readonly quantity: string;
  readonly fromLocationId: string | null;
  readonly toLocationId: string | null;
  readonly unitCost: string | null;
  readonly reason: string | null;
  readonly documentRef: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly postedAt: Date | null;
}

export interface MovementFilter {
  readonly partNumberId?: string | null;
  readonly assetId?: string | null;
  readonly locationId?: string | null;
  readonly type?: readonly string[] | null;
  readonly status?: readonly string[] | null;
}

const COLUMNS = `
  m.id, m.type, m.status, m.part_number_id AS "partNumberId", m.asset_id AS "assetId", m.quantity,
  m.from_location_id AS "fromLocationId", m.to_location_id AS "toLocationId", m.unit_cost AS "unitCost",
  m.reason, m.document_ref AS "documentRef", m.created_by AS "createdBy", m.created_at AS "createdAt",
  m.posted_at AS "postedAt"`;

const FILTER = `
  ($1::bigint IS NULL OR m.part_number_id = $1)
  AND ($2::bigint IS NULL OR m.asset_id = $2)
  AND ($3::bigint IS NULL OR m.from_location_id = $3 OR m.to_location_id = $3)
  AND ($4::text[] IS NULL OR m.type = ANY($4))
  AND ($5::text[] IS NULL OR m.status = ANY($5))`;

const filterValues = (filter: MovementFilter) => [
  filter.partNumberId ?? null,
  filter.assetId ?? null,
  filter.locationId ?? null,
  filter.type ?? null,
  filter.status ?? null,
];

/** Movements with these ids, in no particular order. */
export function findMovementsByIds(db: Queryable, ids: readonly string[]): Promise<MovementRow[]> {
  return db.query('findMovementsByIds', `SELECT ${COLUMNS} FROM stock.movement m WHERE m.id = ANY($1::bigint[])`, [ids]);
}

/** One page of the ledger, newest first, before the id `beforeId`. */
export function listMovements(db: Queryable, filter: MovementFilter, limit: number, beforeId: string | null): Promise<MovementRow[]> {
  return db.query(
    'listMovements',
    `SELECT ${COLUMNS} FROM stock.movement m
     WHERE ${FILTER} AND ($6::bigint IS NULL OR m.id < $6)
     ORDER BY m.id DESC
     LIMIT $7`,
    [...filterValues(filter), beforeId, limit],
  );
}

/** How many movements match `filter`. */
export async function countMovements(db: Queryable, filter: MovementFilter): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    'countMovements',
    `SELECT count(*)::int AS count FROM stock.movement m WHERE ${FILTER}`,
    filterValues(filter),
  );
  return row?.count ?? 0;
}

/** A movement with its two locations, so they need no second lookup. */
export interface MovementWithLocationsRow extends MovementRow {
  readonly fromLocation: LocationRow | null;
  readonly toLocation: LocationRow | null;
}

/** Up to `limit` newest movements of each asset, before the id `beforeId`: one statement for any number of assets. */
export function listMovementsOfAssets(
  db: Queryable,
  assetIds: readonly string[],
  limit: number,
  beforeId: string | null,
): Promise<MovementWithLocationsRow[]> {
  return db.query(
    'listMovementsOfAssets',
    `SELECT page.* FROM unnest($1::bigint[]) AS parent(id)
     CROSS JOIN LATERAL (
       SELECT ${COLUMNS}, ${locationJson('f')} AS "fromLocation", ${locationJson('t')} AS "toLocation"
       FROM stock.movement m
       LEFT JOIN stock.location f ON f.id = m.from_location_id
       LEFT JOIN stock.location t ON t.id = m.to_location_id
       WHERE m.asset_id = parent.id AND ($2::bigint IS NULL OR m.id < $2)
       ORDER BY m.id DESC
       LIMIT $3
     ) AS page`,
    [assetIds, beforeId, limit],
  );
}

/** Number of movements of each asset that has any. */
export function countMovementsOfAssets(db: Queryable, assetIds: readonly string[]): Promise<{ assetId: string; count: number }[]> {
  return db.query(
    'countMovementsOfAssets',
    `SELECT m.asset_id AS "assetId", count(*)::int AS count
     FROM stock.movement m WHERE m.asset_id = ANY($1::bigint[])
     GROUP BY m.asset_id`,
    [assetIds],
  );
}
