import type { Queryable } from '@inventory/platform';

/**
 * Records an asset's value (its acquisition cost) as of outbox event
 * `eventId` (`catalog.asset.saved`); an event older than the one already
 * recorded changes nothing, so events may repeat or be caught up out of turn.
 */
export async function saveAssetValue(tx: Queryable, assetId: string, value: string | null, eventId: string): Promise<void> {
  await tx.query(
    'saveAssetValue',
    `INSERT INTO approvals.catalog_asset AS a (asset_id, acquisition_cost, event_id) VALUES ($1, $2, $3)
     ON CONFLICT (asset_id) DO UPDATE SET acquisition_cost = excluded.acquisition_cost, event_id = excluded.event_id
     WHERE a.event_id < excluded.event_id`,
    [assetId, value, eventId],
  );
}

/** The value policies judge an action on asset `assetId` by: its acquisition cost, null when unknown. */
export async function findAssetValue(db: Queryable, assetId: string): Promise<string | null> {
  const [row] = await db.query<{ value: string | null }>(
    'findAssetValue',
    `SELECT a.acquisition_cost::text AS value FROM approvals.catalog_asset a WHERE a.asset_id = $1`,
    [assetId],
  );
  return row?.value ?? null;
}
