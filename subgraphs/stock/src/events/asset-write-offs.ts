import { recordAudit, Refusal, userErrorsOf, withSavepoint, type Actor, type Logger, type Queryable } from '@inventory/platform';
import { lockAssetPosition } from '../db/asset-positions.ts';
import { findAssetCopy } from '../db/catalog-copies.ts';
import { insertMovement } from '../db/movements.ts';
import { isWrittenOffStatus, writeOffKey, writeOffMovement } from '../domain/write-off-rules.ts';
import { BALANCE_VIOLATIONS, postMovement } from '../commands/movements.ts';

/** Who writes assets off: stock itself, acting on catalog's status change. */
const WRITE_OFF_SUBJECT = 'system:asset-write-off';

/**
 * Writes an asset off when stock's copy says it is scrapped, lost or
 * disposed (a direct status change, or an approved DISPOSE carried out by
 * catalog) and stock still has it: a posted OUTBOUND of its unit from
 * where it is, in the consumer's transaction, so the unit is neither on
 * hand nor available any more. Once per status change (the key names the
 * copy's version). A write-off the stock cannot take (the unit is
 * reserved) is logged and audited, not retried for ever; the asset can
 * still leave by an issue or a count's adjustment.
 */
export async function writeOffIfFinal(tx: Queryable, assetId: string, context: { requestId: string; logger: Logger }): Promise<void> {
  const asset = await findAssetCopy(tx, assetId);
  if (!asset || !isWrittenOffStatus(asset.status)) return;
  const position = await lockAssetPosition(tx, asset.id);
  if (!position?.locationId) return;
  const actor: Actor = { caller: { subject: WRITE_OFF_SUBJECT, roles: [] }, requestId: context.requestId };
  const locationId = position.locationId;
  try {
    await withSavepoint(tx, async () => {
      const movement = await insertMovement(tx, writeOffMovement(asset, locationId, writeOffKey(asset.id, asset.version), WRITE_OFF_SUBJECT));
      if (!movement) return; // Written off for this status change already.
      const refusal = await postMovement(tx, movement, actor);
      if (refusal) throw new Refusal([refusal]);
      await recordAudit(tx, 'stock', {
        action: 'asset.written_off', entityType: 'Movement', entityId: movement.id, before: null, after: movement,
        caller: actor.caller, requestId: actor.requestId,
      });
    });
  } catch (error) {
    const refusal = userErrorsOf(error, BALANCE_VIOLATIONS);
    if (!refusal) throw error;
    const why = refusal.map((each) => each.message).join(' ');
    context.logger.warn('asset write-off refused', { assetId: asset.id, status: asset.status, why });
    await recordAudit(tx, 'stock', {
      action: 'asset.write_off_refused', entityType: 'Asset', entityId: asset.id, before: null,
      after: { status: asset.status, locationId, why }, caller: actor.caller, requestId: actor.requestId,
    });
  }
}
