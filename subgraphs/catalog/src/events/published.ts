import { normalizeDecimal, publishEvent, type Queryable } from '@inventory/platform';
import type { AssetRow } from '../db/assets.ts';
import type { PartNumberRow } from '../db/part-numbers.ts';

/** Topics catalog publishes (schema/events.md). */
export const PART_NUMBER_SAVED = 'catalog.part_number.saved';
export const ASSET_SAVED = 'catalog.asset.saved';

/** Publishes the whole current state of a part number, in the transaction that saved it. */
export async function publishPartNumberSaved(tx: Queryable, row: PartNumberRow, requestId: string): Promise<void> {
  await publishEvent(tx, {
    topic: PART_NUMBER_SAVED,
    producer: 'catalog',
    requestId,
    payload: {
      partNumberId: row.id,
      code: row.code,
      description: row.description,
      unitOfMeasure: row.unitOfMeasure,
      category: row.category,
      subcategory: row.subcategory,
      manufacturer: row.manufacturer,
      model: row.model,
      serialized: row.serialized,
      active: row.active,
      reorderPoint: normalizeDecimal(row.reorderPoint),
      minimumStock: normalizeDecimal(row.minimumStock),
      maximumStock: row.maximumStock === null ? null : normalizeDecimal(row.maximumStock),
      leadTimeDays: row.leadTimeDays,
      costCenter: row.costCenter,
      version: row.version,
    },
  });
}

/** Publishes the whole current state of an asset, in the transaction that saved it. */
export async function publishAssetSaved(tx: Queryable, row: AssetRow, requestId: string): Promise<void> {
  await publishEvent(tx, {
    topic: ASSET_SAVED,
    producer: 'catalog',
    requestId,
    payload: {
      assetId: row.id,
      partNumberId: row.partNumberId,
      serialNumber: row.serialNumber,
      status: row.status,
      condition: row.condition,
      modelId: row.modelId,
      project: row.project,
      version: row.version,
    },
  });
}
