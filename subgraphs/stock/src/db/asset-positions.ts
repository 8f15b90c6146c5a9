import type { Queryable } from '@inventory/platform';
import { locationJson, type LocationRow } from './locations.ts';

/** Where a serialized asset is now, as its last posted movement left it, with the location's ancestors. */
export interface AssetPositionRow {
  readonly assetId: string;
  readonly location: LocationRow | null;
  /** Enclosing locations of `location`, root first. */
  readonly ancestors: readonly LocationRow[];
}

/**
 * Current positions of these assets with each location and its ancestors in
 * the same statement (a path is at most a few ids); assets never moved are absent.
 */
export function findPositionsOfAssets(db: Queryable, assetIds: readonly string[]): Promise<AssetPositionRow[]> {
  return db.query(
    'findPositionsOfAssets',
    `SELECT p.asset_id AS "assetId", ${locationJson('l')} AS location,
            coalesce((SELECT jsonb_agg(${locationJson('a')} ORDER BY array_position(l.path, a.id))
                      FROM stock.location a WHERE a.id = ANY(l.path) AND a.id <> l.id), '[]') AS ancestors
     FROM stock.asset_position p
     LEFT JOIN stock.location l ON l.id = p.location_id
     WHERE p.asset_id = ANY($1::bigint[])`,
    [assetIds],
  );
}

/**
 * Serialises every posting that moves this asset (a transaction-scoped
 * advisory lock, taken before any balance lock), then reads where the
 * asset is: null when it has never entered stock.
 */
export async function lockAssetPosition(tx: Queryable, assetId: string): Promise<{ locationId: string | null } | null> {
  await tx.query('lockAsset', `SELECT pg_advisory_xact_lock(hashtextextended('stock.asset:' || $1::text, 0))`, [assetId]);
  const [row] = await tx.query<{ locationId: string | null }>(
    'findAssetPosition',
    `SELECT p.location_id AS "locationId" FROM stock.asset_position p WHERE p.asset_id = $1`,
    [assetId],
  );
  return row ?? null;
}

/** Records where a posted movement left an asset (null: it left stock). */
export async function saveAssetPosition(tx: Queryable, assetId: string, locationId: string | null, movementId: string): Promise<void> {
  await tx.query(
    'saveAssetPosition',
    `INSERT INTO stock.asset_position (asset_id, location_id, movement_id) VALUES ($1, $2, $3)
     ON CONFLICT (asset_id) DO UPDATE SET location_id = excluded.location_id, movement_id = excluded.movement_id, updated_at = now()`,
    [assetId, locationId, movementId],
  );
}

/** An asset at a location, as the location's asset list pages it. */
export interface AssetAtLocationRow {
  readonly id: string;
  /** The asset's part number, from the movement that put it there. */
  readonly partNumberId: string;
  /** The location whose list the asset was found for (the subtree root with `includeDescendants`). */
  readonly locationId: string;
}

/**
 * Up to `limit` assets at each of these locations (or anywhere below them,
 * with `includeDescendants`, through the path index) after the asset id
 * `afterId`: one statement for any number of locations.
 */
export function listAssetsAtLocations(
  db: Queryable,
  locationIds: readonly string[],
  includeDescendants: boolean,
  limit: number,
  afterId: string | null,
): Promise<AssetAtLocationRow[]> {
  return db.query(
    'listAssetsAtLocations',
    `SELECT page.id, page."partNumberId", parent.id::text AS "locationId" FROM unnest($1::bigint[]) AS parent(id)
     CROSS JOIN LATERAL (
       SELECT p.asset_id::text AS id, m.part_number_id::text AS "partNumberId"
       FROM stock.asset_position p
       JOIN stock.movement m ON m.id = p.movement_id
       WHERE (($2::boolean AND p.location_id IN (SELECT l.id FROM stock.location l WHERE l.path @> ARRAY[parent.id]))
              OR (NOT $2::boolean AND p.location_id = parent.id))
         AND ($3::bigint IS NULL OR p.asset_id > $3)
       ORDER BY p.asset_id
       LIMIT $4
     ) AS page`,
    [locationIds, includeDescendants, afterId, limit],
  );
}

/** How many assets are at each of these locations (or below them); locations with none are absent. */
export function countAssetsAtLocations(
  db: Queryable,
  locationIds: readonly string[],
  includeDescendants: boolean,
): Promise<{ locationId: string; count: number }[]> {
  return db.query(
    'countAssetsAtLocations',
    `SELECT parent.id::text AS "locationId", count(p.asset_id)::int AS count
     FROM unnest($1::bigint[]) AS parent(id)
     JOIN stock.asset_position p
       ON ($2::boolean AND p.location_id IN (SELECT l.id FROM stock.location l WHERE l.path @> ARRAY[parent.id]))
       OR (NOT $2::boolean AND p.location_id = parent.id)
     GROUP BY parent.id`,
    [locationIds, includeDescendants],
  );
}
