import type { Queryable } from '@inventory/platform';
import type { EventPayload } from '@inventory/schema/events';
import { saveAssetCopy, savePartCopy } from '../db/catalog-copies.ts';

/** Applies `catalog.part_number.saved`: keeps the newest copy of the part's stock-relevant facts. */
export async function applyPartNumberSaved(tx: Queryable, part: EventPayload<'catalog.part_number.saved'>): Promise<void> {
  await savePartCopy(tx, {
    id: part.partNumberId,
    code: part.code,
    unitOfMeasure: part.unitOfMeasure,
    unitDecimalPlaces: part.unitDecimalPlaces ?? null,
    serialized: part.serialized,
    active: part.active,
    reorderPoint: part.reorderPoint,
    minimumStock: part.minimumStock,
    maximumStock: part.maximumStock,
    version: part.version,
  });
}

/** Applies `catalog.asset.saved`: keeps the newest copy of which part the asset is and its status. */
export async function applyAssetSaved(tx: Queryable, asset: EventPayload<'catalog.asset.saved'>): Promise<void> {
  await saveAssetCopy(tx, {
    id: asset.assetId,
    partNumberId: asset.partNumberId,
    serialNumber: asset.serialNumber,
    status: asset.status,
    version: asset.version,
  });
}
