import { compareDecimals, fromMicros, isStorableDecimal, toMicros, userError, type UserError } from '@inventory/platform';
import type { DivergenceRow } from '../db/counts.ts';
import type { MovementRequest } from './movement-rules.ts';

/** What one count entry says: a quantity of a bulk part, or one scanned serialized asset. */
export interface CountEntry {
  readonly sessionId: string;
  readonly partNumberId: string;
  readonly locationId: string;
  readonly assetId: string | null;
  readonly quantity: string | null;
}

const field = (name: string) => ['input', name];

/**
 * The first refusal a count entry earns before its session is looked at,
 * or null: stock must know the part (`part` is null when it has no copy);
 * a serialized part is counted by scanning each asset, which stock must
 * know (`asset`, looked up only then) as a unit of that part; any other
 * part by a quantity of zero or more.
 */
export function countEntryRefusal(
  entry: CountEntry,
  part: { readonly serialized: boolean } | null,
  asset: { readonly partNumberId: string } | null,
): UserError | null {
  if (!part) return userError('NOT_FOUND', `Part number ${entry.partNumberId} is not known to stock.`, field('partNumberId'));
  if (part.serialized && entry.assetId === null) {
    return userError('INVALID_VALUE', 'The part number is serialized: scan each asset (assetId) instead of a quantity.', field('assetId'));
  }
  if (!part.serialized && entry.assetId !== null) {
    return userError('INVALID_VALUE', 'The part number is not serialized: count a quantity, not an asset.', field('assetId'));
  }
  if (entry.assetId !== null) {
    if (!asset) return userError('NOT_FOUND', `Asset ${entry.assetId} is not known to stock.`, field('assetId'));
    if (asset.partNumberId !== entry.partNumberId) {
      return userError('INVALID_VALUE', `Asset ${entry.assetId} is a unit of part number ${asset.partNumberId}.`, field('assetId'));
    }
  } else if (entry.quantity === null || !isStorableDecimal(entry.quantity) || compareDecimals(entry.quantity, '0') < 0) {
    return userError('INVALID_VALUE', 'quantity must be zero or more, with at most six decimal places.', field('quantity'));
  }
  return null;
}

/** The movement that settles one divergence: an ADJUSTMENT, or a TRANSFER for an asset found elsewhere than recorded. */
export function settlingMovement(divergence: DivergenceRow): MovementRequest {
  const difference = toMicros(divergence.countedQuantity) - toMicros(divergence.expectedQuantity);
  const base = {
    partNumberId: divergence.partNumberId,
    assetId: divergence.assetId,
    unitCost: null,
    reason: `Count ${divergence.sessionId}: ${divergence.kind.toLowerCase().replace('_', ' ')}`,
    documentRef: `COUNT-${divergence.sessionId}`,
    documentType: 'COUNT',
    project: null,
    costCenter: null,
    confidenceScore: null,
  };
  if (divergence.kind === 'MOVED') {
    return { ...base, type: 'TRANSFER', quantity: '1', fromLocationId: divergence.recordedLocationId, toLocationId: divergence.locationId };
  }
  const quantity = fromMicros(difference < 0n ? -difference : difference);
  return difference < 0n
    ? { ...base, type: 'ADJUSTMENT', quantity, fromLocationId: divergence.locationId, toLocationId: null }
    : { ...base, type: 'ADJUSTMENT', quantity, fromLocationId: null, toLocationId: divergence.locationId };
}
