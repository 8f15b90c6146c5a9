import type { Queryable } from '@inventory/platform';
import { saveAssetCopy, savePartCopy } from '../db/catalog-copies.ts';

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function required(payload: Record<string, unknown>, name: string): string {
  const value = text(payload[name]);
  if (value === null) throw new Error(`event payload lacks ${name}`);
  return value;
}

/** Applies `catalog.part_number.saved`: keeps the newest copy of the part's stock-relevant facts. */
export async function applyPartNumberSaved(tx: Queryable, payload: Record<string, unknown>): Promise<void> {
  await savePartCopy(tx, {
    id: required(payload, 'partNumberId'),
    code: required(payload, 'code'),
    unitOfMeasure: text(payload.unitOfMeasure) ?? 'EA',
    serialized: payload.serialized === true,
    active: payload.active !== false,
    reorderPoint: text(payload.reorderPoint) ?? '0',
    minimumStock: text(payload.minimumStock) ?? '0',
    maximumStock: text(payload.maximumStock),
    version: required(payload, 'version'),
  });
}

/** Applies `catalog.asset.saved`: keeps the newest copy of which part the asset is and its status. */
export async function applyAssetSaved(tx: Queryable, payload: Record<string, unknown>): Promise<void> {
  await saveAssetCopy(tx, {
    id: required(payload, 'assetId'),
    partNumberId: required(payload, 'partNumberId'),
    serialNumber: required(payload, 'serialNumber'),
    status: required(payload, 'status'),
    version: required(payload, 'version'),
  });
}
