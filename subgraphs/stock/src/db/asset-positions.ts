import type { Queryable } from '@inventory/platform';

/** Where a serialized asset is now, as its last posted movement left it. */
export interface AssetPositionRow {
  readonly assetId: string;
  readonly locationId: string | null;
}

/** Current positions of these assets; assets never moved are absent. */
export function findPositionsOfAssets(db: Queryable, assetIds: readonly string[]): Promise<AssetPositionRow[]> {
  return db.query(
    'findPositionsOfAssets',
    `SELECT p.asset_id AS "assetId", p.location_id AS "locationId"
     FROM stock.asset_position p WHERE p.asset_id = ANY($1::bigint[])`,
    [assetIds],
  );
}
