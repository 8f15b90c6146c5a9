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
