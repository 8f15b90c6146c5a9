import type { NewMovement } from '../db/movements.ts';
import type { MovementRequest } from './movement-rules.ts';

/** Asset statuses in which a unit may only leave stock: it no longer moves within it nor enters it. */
export const FINAL_ASSET_STATUSES: readonly string[] = ['SCRAPPED', 'LOST', 'DISPOSED'];

/** Whether an asset in `status` may only leave stock. */
export function isWrittenOffStatus(status: string): boolean {
  return FINAL_ASSET_STATUSES.includes(status);
}

/**
 * Whether a movement takes stock out without putting it anywhere: an
 * OUTBOUND, or an ADJUSTMENT from a location. The only movements a
 * scrapped, lost or disposed asset may still make (a write-off).
 */
export function takesOutOfStock(request: Pick<MovementRequest, 'type' | 'fromLocationId' | 'toLocationId'>): boolean {
  return request.fromLocationId !== null && request.toLocationId === null && (request.type === 'OUTBOUND' || request.type === 'ADJUSTMENT');
}

/**
 * The key of the write-off of an asset reported in a final status at
 * catalog version `version`: one write-off per status change, however often
 * the change is delivered. A system key, in a namespace of its own.
 */
export function writeOffKey(assetId: string, version: string): string {
  return `asset-write-off:${assetId}:${version}`;
}

/**
 * The ledger entry that writes an asset off: an OUTBOUND of its one unit
 * from where stock has it, carrying the part's average cost, posted at
 * once (the status change that calls for it was the decision).
 */
export function writeOffMovement(
  asset: { readonly id: string; readonly partNumberId: string; readonly status: string },
  locationId: string,
  key: string,
  createdBy: string,
): NewMovement {
  return {
    idempotencyKey: null, systemKey: key, requestHash: null, type: 'OUTBOUND', status: 'POSTED', partNumberId: asset.partNumberId, assetId: asset.id,
    quantity: '1', fromLocationId: locationId, toLocationId: null, unitCost: null, reason: `Written off: asset ${asset.status}`,
    documentRef: `ASSET-${asset.id}`, documentType: 'WRITE_OFF', project: null, costCenter: null, confidenceScore: null,
    approvalTriggers: [], reservationId: null, createdBy,
  };
}
