import { isDatabaseId, recordAudit, Refusal, userErrorsOf, withSavepoint, type Actor, type Logger, type Queryable } from '@inventory/platform';
import type { EventPayload } from '@inventory/schema/events';
import { lockAssetPosition } from '../db/asset-positions.ts';
import { findAssetCopy } from '../db/catalog-copies.ts';
import { findLocationsByIds } from '../db/locations.ts';
import { findMovementBySystemKey, insertMovement } from '../db/movements.ts';
import { BALANCE_VIOLATIONS, decidePendingMovement, postMovement } from '../commands/movements.ts';

type Decided = EventPayload<'approvals.request.decided'>;

/**
 * Applies `approvals.request.decided` inside the consumer's transaction: a
 * decided stock movement is posted, rejected or cancelled; an approved
 * asset action `MOVE` records a TRANSFER of the asset to its new location.
 * Everything else is for other subgraphs and ignored.
 */
export async function applyApprovalDecided(tx: Queryable, decided: Decided, context: { requestId: string; logger: Logger }): Promise<void> {
  const actor: Actor = { caller: { subject: decided.decidedBy, roles: ['approver'] }, requestId: context.requestId };
  if (decided.kind === 'STOCK_MOVEMENT' && decided.movementId !== null) {
    const movement = await decidePendingMovement(tx, decided.movementId, decided.outcome, decided.decidedBy, decided.comment, actor);
    if (!movement) context.logger.warn('approval decided for a movement stock does not have', { movementId: decided.movementId });
    return;
  }
  if (decided.kind === 'ASSET_ACTION' && decided.action === 'MOVE' && decided.outcome === 'APPROVED' && decided.assetId !== null) {
    await moveApprovedAsset(tx, decided, actor, context.logger);
  }
}

/**
 * Records the TRANSFER of an approved asset move, once per approval request
 * (its key, in the system's namespace that no client key reaches, names the
 * request). A move that cannot happen any
 * more (the asset left stock, the location is gone or inactive, its stock
 * is reserved) is logged and audited, not retried forever; a savepoint keeps
 * the refused attempt from leaving anything behind.
 */
async function moveApprovedAsset(tx: Queryable, decided: Decided, actor: Actor, logger: Logger): Promise<void> {
  const systemKey = `approval-request:${decided.requestId}:MOVE`;
  if (await findMovementBySystemKey(tx, systemKey)) return;
  const named = decided.actionInput?.toLocationId;
  const toLocationId = named === undefined || named === null ? null : String(named);
  const refuseMove = async (why: string) => {
    logger.warn('approved asset move cannot be recorded', { assetId: decided.assetId, requestId: decided.requestId, why });
    await recordAudit(tx, 'stock', {
      action: 'asset_move.refused', entityType: 'Asset', entityId: decided.assetId!, before: null,
      after: { requestId: decided.requestId, toLocationId, why }, caller: actor.caller, requestId: actor.requestId,
    });
  };
  const asset = await findAssetCopy(tx, decided.assetId!);
  if (!asset) return refuseMove('stock has no copy of the asset');
  const position = await lockAssetPosition(tx, asset.id);
  if (!position?.locationId) return refuseMove('the asset is not in stock');
  if (!isDatabaseId(toLocationId)) return refuseMove('the approved move names no valid toLocationId');
  const [to] = await findLocationsByIds(tx, [toLocationId]);
  if (!to || !to.active) return refuseMove(`location ${toLocationId} does not exist or is inactive`);
  if (to.id === position.locationId) return refuseMove('the asset is already there');
  try {
    await withSavepoint(tx, async () => {
      const movement = (await insertMovement(tx, {
        idempotencyKey: null, systemKey, requestHash: null, type: 'TRANSFER', status: 'POSTED', partNumberId: asset.partNumberId, assetId: asset.id,
        quantity: '1', fromLocationId: position.locationId, toLocationId, unitCost: null, reason: decided.comment ?? 'Approved asset move',
        documentRef: `APPROVAL-${decided.requestId}`, documentType: 'APPROVAL', project: null, costCenter: null, confidenceScore: null,
        approvalTriggers: [], reservationId: null, createdBy: decided.decidedBy,
      }))!;
      const refusal = await postMovement(tx, movement, actor);
      if (refusal) throw new Refusal([refusal]);
      await recordAudit(tx, 'stock', {
        action: 'movement.posted', entityType: 'Movement', entityId: movement.id, before: null, after: movement,
        caller: actor.caller, requestId: actor.requestId,
      });
    });
  } catch (error) {
    const refusal = userErrorsOf(error, BALANCE_VIOLATIONS);
    if (!refusal) throw error;
    await refuseMove(refusal.map((each) => each.message).join(' '));
  }
}
