import {
  compareDecimals,
  fromMicros,
  publishEvent,
  recordAudit,
  Refusal,
  refused,
  runCommand,
  toMicros,
  userError,
  type Actor,
  type CommandResult,
  type Queryable,
  type TransactionalDb,
  type UserError,
  type Violations,
} from '@inventory/platform';
import { lockAssetPosition, saveAssetPosition } from '../db/asset-positions.ts';
import { applyBalanceDeltas, lockBalances, type BalanceDelta } from '../db/balances.ts';
import { findAssetCopy, findPartCopy } from '../db/catalog-copies.ts';
import { findLocationsByIds } from '../db/locations.ts';
import { decideMovement, findMovementByIdempotencyKey, insertMovement, lockMovement, type MovementRow, type NewMovement } from '../db/movements.ts';
import { approvalTriggers, checkMovementRequest, ON_HAND_TYPES, type ApprovalRules, type MovementRequest } from '../domain/movement-rules.ts';
import { hashRequest } from '../domain/request-hash.ts';
import { approvalRequestedPayload } from '../events/published.ts';

/** A movement's fields that posting reads. */
export type Postable = Pick<MovementRow, 'id' | 'type' | 'partNumberId' | 'assetId' | 'quantity' | 'fromLocationId' | 'toLocationId'>;

const negate = (quantity: string) => fromMicros(-toMicros(quantity));

/**
 * Applies a movement to balances and asset positions, or returns the
 * refusal without having changed anything. Locks, always in this order:
 * the asset (advisory), then the part's balances by ascending location id.
 * Stock is checked on the locked rows, and the balance CHECK constraints
 * stay the last line of defence. A RESERVATION or RELEASE names no location
 * itself; `reservedAt` is its reservation's.
 */
export async function postMovement(tx: Queryable, movement: Postable, reservedAt: string | null = null): Promise<UserError | null> {
  const { type, quantity, toLocationId: to } = movement;
  if ((type === 'RESERVATION' || type === 'RELEASE') && reservedAt === null) throw new Error(`${type} movement ${movement.id} needs its reservation's location`);
  // The location whose available stock must cover the quantity.
  const from = type === 'RESERVATION' ? reservedAt : movement.fromLocationId;
  if (movement.assetId !== null) {
    const position = await lockAssetPosition(tx, movement.assetId);
    const current = position?.locationId ?? null;
    if (from !== null && current !== from) {
      const where = current === null ? 'is not in stock' : `is at location ${current}`;
      return userError('INVALID_TRANSITION', `Asset ${movement.assetId} ${where}, not at location ${from}.`, ['input', 'fromLocationId']);
    }
    if (from === null && current !== null) {
      return userError('INVALID_TRANSITION', `Asset ${movement.assetId} is already in stock at location ${current}.`, ['input', 'assetId']);
    }
  }
  const deltas: BalanceDelta[] = [];
  if (ON_HAND_TYPES.includes(type)) {
    if (from !== null) deltas.push({ locationId: from, onHand: negate(quantity), reserved: '0' });
    if (to !== null) deltas.push({ locationId: to, onHand: quantity, reserved: '0' });
  } else if (type === 'RESERVATION') {
    deltas.push({ locationId: reservedAt!, onHand: '0', reserved: quantity });
  } else {
    deltas.push({ locationId: reservedAt!, onHand: '0', reserved: negate(quantity) });
  }
  const balances = await lockBalances(tx, movement.partNumberId, deltas.map((delta) => delta.locationId));
  if (balances === null) return userError('NOT_FOUND', 'Stock has no record of this part number yet.', ['input', 'partNumberId']);
  if (from !== null) {
    const balance = balances.get(from)!;
    const available = fromMicros(toMicros(balance.onHand) - toMicros(balance.reserved));
    if (compareDecimals(available, quantity) < 0) {
      return userError(
        'INSUFFICIENT_STOCK',
        `Only ${available} of part number ${movement.partNumberId} ${available === '1' ? 'is' : 'are'} available at location ${from}; ${fromMicros(toMicros(quantity))} requested.`,
        ['input', 'quantity'],
      );
    }
  }
  await applyBalanceDeltas(tx, movement.partNumberId, deltas);
  if (movement.assetId !== null) await saveAssetPosition(tx, movement.assetId, to, movement.id);
  return null;
}

const insufficientStock = userError('INSUFFICIENT_STOCK', 'Not enough stock is available for this movement.', ['input', 'quantity']);

/**
 * The balance CHECK constraints (schema/migrations/0002_create_stock.sql),
 * the database's last line of defence against negative stock, as the
 * refusal they stand for: a posting that slipped past the checks on the
 * locked rows is still refused, as `INSUFFICIENT_STOCK`.
 */
export const BALANCE_VIOLATIONS: Violations = {
  balance_on_hand_not_negative: insufficientStock,
  balance_reserved_not_negative: insufficientStock,
  balance_available_not_negative: insufficientStock,
};

const keyReused = (what: string): UserError =>
  userError('CONFLICT', `This idempotency key was already used for a different ${what}; use a new key.`, ['input', 'idempotencyKey']);

/** The first result for a key seen again: the same movement, or a refusal when the input differs. */
function replay(existing: MovementRow, requestHash: string): MovementRow {
  if (existing.requestHash !== requestHash) throw new Refusal([keyReused('movement')]);
  return existing;
}

/** Refusals about the locations a movement names: they must exist, and a receiving one must be active. */
async function checkLocations(db: Queryable, request: MovementRequest): Promise<UserError[]> {
  const ids = [request.fromLocationId, request.toLocationId].filter((id): id is string => id !== null);
  if (ids.length === 0) return [];
  const found = new Map((await findLocationsByIds(db, ids)).map((row) => [row.id, row]));
  const errors: UserError[] = [];
  for (const [name, id] of [['fromLocationId', request.fromLocationId], ['toLocationId', request.toLocationId]] as const) {
    if (id === null) continue;
    const location = found.get(id);
    if (!location) errors.push(userError('NOT_FOUND', `Location ${id} does not exist.`, ['input', name]));
    else if (name === 'toLocationId' && !location.active) errors.push(userError('INVALID_VALUE', `Location ${location.code} is inactive and accepts no stock.`, ['input', name]));
  }
  return errors;
}

export interface RecordOptions {
  readonly rules: ApprovalRules;
  /** Skips the approval rules: the movement was approved before it was recorded (an approved asset move). */
  readonly preApproved?: boolean;
}

/**
 * Records a movement under an idempotency key: validates it, stores it
 * `PENDING_APPROVAL` (with an outbox event for approvals) when a stock rule
 * asks for approval, otherwise posts it. The same key with the same input
 * returns the first result; with another input it is refused.
 */
export async function recordMovement(
  db: TransactionalDb,
  idempotencyKey: string,
  request: MovementRequest,
  actor: Actor,
  options: RecordOptions,
): Promise<CommandResult<MovementRow>> {
  const requestHash = hashRequest({ ...request });
  const seen = await findMovementByIdempotencyKey(db, idempotencyKey);
  if (seen) return seen.requestHash === requestHash ? { result: seen, userErrors: [] } : refused([keyReused('movement')]);
  const part = await findPartCopy(db, request.partNumberId);
  const asset = request.assetId === null ? null : await findAssetCopy(db, request.assetId);
  const errors = [...checkMovementRequest(request, part, asset), ...(await checkLocations(db, request))];
  if (errors.length > 0) return refused(errors);
  const triggers = options.preApproved ? [] : approvalTriggers(request, options.rules);
  return runCommand(db, (tx) => recordInTransaction(tx, { ...request, idempotencyKey, requestHash, triggers }, actor), BALANCE_VIOLATIONS);
}

async function recordInTransaction(
  tx: Queryable,
  request: MovementRequest & { idempotencyKey: string; requestHash: string; triggers: readonly string[] },
  actor: Actor,
): Promise<MovementRow> {
  const pending = request.triggers.length > 0;
  const row: NewMovement = {
    ...request,
    status: pending ? 'PENDING_APPROVAL' : 'POSTED',
    approvalTriggers: request.triggers,
    reservationId: null,
    createdBy: actor.caller.subject,
  };
  const movement = await insertMovement(tx, row);
  if (!movement) {
    // A concurrent request with the same key committed first.
    const existing = await findMovementByIdempotencyKey(tx, request.idempotencyKey);
    if (!existing) throw new Error(`idempotency key ${request.idempotencyKey} conflicted but holds no movement`);
    return replay(existing, request.requestHash);
  }
  if (pending) {
    await publishEvent(tx, {
      topic: 'stock.movement.approval_requested',
      producer: 'stock',
      requestId: actor.requestId,
      payload: approvalRequestedPayload(movement, actor.caller.subject),
    });
  } else {
    const refusal = await postMovement(tx, movement);
    if (refusal) throw new Refusal([refusal]);
  }
  await recordAudit(tx, 'stock', {
    action: pending ? 'movement.approval_requested' : 'movement.posted',
    entityType: 'Movement',
    entityId: movement.id,
    before: null,
    after: movement,
    caller: actor.caller,
    requestId: actor.requestId,
  });
  return movement;
}

export type Decision = 'APPROVED' | 'REJECTED' | 'CANCELLED' | 'EXPIRED';

/**
 * Applies an approval decision to a pending movement, inside the caller's
 * transaction: an approved movement is posted if the stock is still there,
 * otherwise (and for any refusal) it ends `REJECTED`; a cancelled request
 * ends it `CANCELLED`. A movement no longer pending is left alone, so a
 * repeated decision does nothing. Returns the movement as it ends, or null
 * when there is no such movement.
 */
export async function decidePendingMovement(
  tx: Queryable,
  movementId: string,
  decision: Decision,
  decidedBy: string,
  comment: string | null,
  actor: Actor,
): Promise<MovementRow | null> {
  const before = await lockMovement(tx, movementId);
  if (!before || before.status !== 'PENDING_APPROVAL') return before;
  let status: 'POSTED' | 'REJECTED' | 'CANCELLED';
  let reason = comment;
  if (decision === 'APPROVED') {
    const refusal = await postMovement(tx, before);
    status = refusal ? 'REJECTED' : 'POSTED';
    if (refusal) reason = `Approved, but no longer possible: ${refusal.message}`;
  } else {
    status = decision === 'CANCELLED' ? 'CANCELLED' : 'REJECTED';
    if (decision === 'EXPIRED') reason = comment ?? 'The approval request expired.';
  }
  const after = await decideMovement(tx, movementId, { status, decidedBy, reason });
  await recordAudit(tx, 'stock', {
    action: `movement.${status.toLowerCase()}`,
    entityType: 'Movement',
    entityId: movementId,
    before,
    after,
    caller: actor.caller,
    requestId: actor.requestId,
  });
  return after;
}
