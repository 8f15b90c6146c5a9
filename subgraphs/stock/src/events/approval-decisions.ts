import { recordAudit, Refusal, userErrorsOf, withSavepoint, type Actor, type Logger, type Queryable } from '@inventory/platform';
import { lockAssetPosition } from '../db/asset-positions.ts';
import { findAssetCopy } from '../db/catalog-copies.ts';
import { findLocationsByIds } from '../db/locations.ts';
import { findMovementByIdempotencyKey, insertMovement } from '../db/movements.ts';
import { BALANCE_VIOLATIONS, decidePendingMovement, postMovement, type Decision } from '../commands/movements.ts';

const OUTCOMES: readonly Decision[] = ['APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED'];

/** The fields of `approvals.request.decided` stock acts on. */
interface DecidedPayload {
  readonly requestId: string;
  readonly kind: string;
  readonly outcome: Decision;
  readonly movementId: string | null;
  readonly assetId: string | null;
  readonly action: string | null;
  readonly actionInput: Record<string, unknown> | null;
  readonly decidedBy: string;
  readonly comment: string | null;
}

function parse(payload: Record<string, unknown>): DecidedPayload {
  const outcome = String(payload.outcome) as Decision;
  if (!OUTCOMES.includes(outcome)) throw new Error(`unknown approval outcome ${String(payload.outcome)}`);
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    requestId: String(payload.requestId),
    kind: String(payload.kind),
    outcome,
    movementId: text(payload.movementId),
    assetId: text(payload.assetId),
    action: text(payload.action),
    actionInput: (payload.actionInput as Record<string, unknown> | null) ?? null,
    decidedBy: text(payload.decidedBy) ?? 'approvals',
    comment: text(payload.comment),
  };
}

/**
 * Applies `approvals.request.decided` inside the consumer's transaction: a
 * decided stock movement is posted, rejected or cancelled; an approved
 * asset action `MOVE` records a TRANSFER of the asset to its new location.
 * Everything else is for other subgraphs and ignored.
 */
export async function applyApprovalDecided(
  tx: Queryable,
  payload: Record<string, unknown>,
  context: { eventId: string; requestId: string | null; logger: Logger },
): Promise<void> {
  const decided = parse(payload);
  const actor: Actor = {
    caller: { subject: decided.decidedBy, roles: ['approver'] },
    requestId: context.requestId ?? `outbox-event:${context.eventId}`,
  };
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
 * (its idempotency key names the request). A move that cannot happen any
 * more (the asset left stock, the location is gone or inactive, its stock
 * is reserved) is logged and audited, not retried forever; a savepoint keeps
 * the refused attempt from leaving anything behind.
 */
async function moveApprovedAsset(tx: Queryable, decided: DecidedPayload, actor: Actor, logger: Logger): Promise<void> {
  const idempotencyKey = `approval-request:${decided.requestId}:MOVE`;
  if (await findMovementByIdempotencyKey(tx, idempotencyKey)) return;
  const toLocationId = decided.actionInput?.toLocationId === undefined ? null : String(decided.actionInput.toLocationId);
  const refuse = async (why: string) => {
    logger.warn('approved asset move cannot be recorded', { assetId: decided.assetId, requestId: decided.requestId, why });
    await recordAudit(tx, 'stock', {
      action: 'asset_move.refused', entityType: 'Asset', entityId: decided.assetId!, before: null,
      after: { requestId: decided.requestId, toLocationId, why }, caller: actor.caller, requestId: actor.requestId,
    });
  };
  const asset = await findAssetCopy(tx, decided.assetId!);
  if (!asset) return refuse('stock has no copy of the asset');
  const position = await lockAssetPosition(tx, asset.id);
  if (!position?.locationId) return refuse('the asset is not in stock');
  if (toLocationId === null || !/^[1-9]\d{0,17}$/.test(toLocationId)) return refuse('the approved move names no valid toLocationId');
  const [to] = await findLocationsByIds(tx, [toLocationId]);
  if (!to || !to.active) return refuse(`location ${toLocationId} does not exist or is inactive`);
  if (to.id === position.locationId) return refuse('the asset is already there');
  try {
    await withSavepoint(tx, async () => {
      const movement = (await insertMovement(tx, {
        idempotencyKey, requestHash: null, type: 'TRANSFER', status: 'POSTED', partNumberId: asset.partNumberId, assetId: asset.id,
        quantity: '1', fromLocationId: position.locationId, toLocationId, unitCost: null, reason: decided.comment ?? 'Approved asset move',
        documentRef: `APPROVAL-${decided.requestId}`, documentType: 'APPROVAL', project: null, costCenter: null, confidenceScore: null,
        approvalTriggers: [], reservationId: null, createdBy: decided.decidedBy,
      }))!;
      const refusal = await postMovement(tx, movement);
      if (refusal) throw new Refusal([refusal]);
      await recordAudit(tx, 'stock', {
        action: 'movement.posted', entityType: 'Movement', entityId: movement.id, before: null, after: movement,
        caller: actor.caller, requestId: actor.requestId,
      });
    });
  } catch (error) {
    const refusal = userErrorsOf(error, BALANCE_VIOLATIONS);
    if (!refusal) throw error;
    await refuse(refusal.map((each) => each.message).join(' '));
  }
}
