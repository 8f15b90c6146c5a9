import { normalizeDecimal, type Queryable } from '@inventory/platform';
import { publish } from '@inventory/schema/events';
import type { AssetRow } from '../db/assets.ts';
import type { PartNumberRow } from '../db/part-numbers.ts';

/** Publishes the whole current state of a part number as `catalog.part_number.saved`, in the transaction that saved it. */
export async function publishPartNumberSaved(tx: Queryable, row: PartNumberRow, requestId: string): Promise<void> {
  await publish(
    tx,
    'catalog.part_number.saved',
    {
      partNumberId: row.id,
      code: row.code,
      description: row.description,
      unitOfMeasure: row.unitOfMeasure,
      unitDecimalPlaces: row.unitDecimalPlaces,
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
    { producer: 'catalog', requestId },
  );
}

/** Publishes the whole current state of an asset as `catalog.asset.saved`, in the transaction that saved it. */
export async function publishAssetSaved(tx: Queryable, row: AssetRow, requestId: string): Promise<void> {
  await publish(
    tx,
    'catalog.asset.saved',
    {
      assetId: row.id,
      partNumberId: row.partNumberId,
      serialNumber: row.serialNumber,
      status: row.status,
      condition: row.condition,
      modelId: row.modelId,
      project: row.project,
      acquisitionCost: row.acquisitionCost === null ? null : normalizeDecimal(row.acquisitionCost),
      version: row.version,
    },
    { producer: 'catalog', requestId },
  );
}
