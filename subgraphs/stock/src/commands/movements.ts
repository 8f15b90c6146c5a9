import {
  recordAudit,
  Refusal,
  refused,
  runCommand,
  userError,
  type Actor,
  type CommandResult,
  type Queryable,
  type TransactionalDb,
  type UserError,
  type Violations,
  userErrorsOf,
  withSavepoint,
} from '@inventory/platform';
import { lockAssetPosition, saveAssetPosition } from '../db/asset-positions.ts';
import { applyBalanceDeltas, lockBalances } from '../db/balances.ts';
import { findAssetCopy, findPartCopy } from '../db/catalog-copies.ts';
import { findLocationsByIds, type LocationRow } from '../db/locations.ts';
import {
  decideMovement,
  findMovementByClientKey,
  findMovementBySystemKey,
  insertMovement,
  lockMovement,
  type MovementRow,
  type NewMovement,
} from '../db/movements.ts';
import { hashRequest, keyReuseRefusal, type WriteKey } from '../domain/idempotency.ts';
import { approvalTriggers, checkMovementLocations, checkMovementRequest, type ApprovalRules, type ApprovalTrigger, type MovementRequest } from '../domain/movement-rules.ts';
import { assetPositionRefusal, balanceDeltas, coveringLocation, reservedAssetRefusal, shortageRefusal, type Postable } from '../domain/posting-rules.ts';
import { averageCostAfterReceipt, carriedUnitCost, isReceipt, isStorableValue, valueForApproval } from '../domain/valuation.ts';
import { findPartValuation, saveAverageCost } from '../db/valuation.ts';
import { publishApprovalRequested } from '../events/published.ts';
import { lockActiveReservationsAt } from '../db/reservations.ts';
import { lossShortageRefusal, recordsLoss, reservationCuts } from '../domain/loss-rules.ts';
import { expireOverdueReservationsAt, findAssetHolderInForce, giveUpToLoss } from './reservations.ts';
import { refuseDirectMoveWhenApprovalRequired } from './asset-moves.ts';

/**
 * Applies a movement to balances and asset positions, or returns the
 * refusal without having posted anything (reservations found lapsed on the
 * way stay ended: they hold nothing either way). Locks, always in this
 * order: for a loss, the active reservations at its location; then the
 * asset (advisory); then the part's balances by ascending location id.
 * Stock is checked on the locked rows, and the balance CHECK constraints
 * stay the last line of defence:
 * - an asset held by a reservation moves only with that reservation's own
 *   fulfilment;
 * - a loss (an ADJUSTMENT out) is covered by what is on hand, and releases
 *   or shortens the reservations it eats into, each audited (see
 *   `reservationCuts`); any other movement is covered by what is
 *   available, after reservations past their expiry give their stock back.
 * A RESERVATION or RELEASE names no location itself; `reservedAt` is its
 * reservation's. `actor` is who posts it, for the audit of what it ends.
 */
export async function postMovement(tx: Queryable, movement: Postable, actor: Actor, reservedAt: string | null = null): Promise<UserError | null> {
  const deltas = balanceDeltas(movement, reservedAt);
  const from = coveringLocation(movement, reservedAt);
  const loss = recordsLoss(movement);
  // A loss gives up the reservations it eats into: they are locked first, before the asset and the balances, as a fulfilment locks its own.
  const reservedThere = loss ? await lockActiveReservationsAt(tx, movement.partNumberId, from!) : [];
  if (movement.assetId !== null) {
    const position = await lockAssetPosition(tx, movement.assetId);
    const refusal = assetPositionRefusal(movement.assetId, position?.locationId ?? null, from)
      ?? (loss ? null : reservedAssetRefusal(movement, await findAssetHolderInForce(tx, movement.assetId, actor.requestId)));
    if (refusal) return refusal;
  }
  const balances = await lockBalances(tx, movement.partNumberId, deltas.map((delta) => delta.locationId));
  if (balances === null) return userError('NOT_FOUND', 'Stock has no record of this part number yet.', ['input', 'partNumberId']);
  if (from !== null && loss) {
    const balance = balances.get(from)!;
    const shortage = lossShortageRefusal(movement, from, balance);
    if (shortage) return shortage;
    await giveUpToLoss(tx, movement, reservationCuts(reservedThere, balance, movement.quantity, movement.assetId), reservedThere, actor);
  } else if (from !== null) {
    let balance = balances.get(from)!;
    // Reservations past their expiry hold nothing: give their stock back before refusing for want of it.
    if (shortageRefusal(movement, from, balance) && (await expireOverdueReservationsAt(tx, movement.partNumberId, from, actor.requestId)) > 0) {
      balance = (await lockBalances(tx, movement.partNumberId, [from]))!.get(from)!;
    }
    const shortage = shortageRefusal(movement, from, balance);
    if (shortage) return shortage;
  }
  if (isReceipt(movement.type)) await averageInReceipt(tx, movement);
  await applyBalanceDeltas(tx, movement.partNumberId, deltas);
  if (movement.assetId !== null) await saveAssetPosition(tx, movement.assetId, movement.toLocationId, movement.id);
  return null;
}

/**
 * Folds a receipt into its part's moving weighted average cost, before its
 * quantity reaches the balances: the part's stock record is locked
 * (`lockBalances`), so the quantity on hand it averages with is exact.
 */
async function averageInReceipt(tx: Queryable, receipt: Postable): Promise<void> {
  const valuation = await findPartValuation(tx, receipt.partNumberId);
  const cost = receipt.unitCost ?? valuation.averageCost;
  await saveAverageCost(tx, receipt.partNumberId, averageCostAfterReceipt(valuation.totalOnHand, valuation.averageCost, receipt.quantity, cost));
}

const insufficientStock = userError('INSUFFICIENT_STOCK', 'Not enough stock is available for this movement.', ['input', 'quantity']);

/**
 * The balance CHECK constraints (schema/migrations/0002_create_stock.sql),
 * the database's last line of defence against negative stock, as the
 * refusal they stand for: a posting that slipped past the checks on the
 * locked rows is still refused, as `INSUFFICIENT_STOCK`; likewise the
 * database's serialized-stock rules. A balance pushed past its precision is
 * refused as `INVALID_VALUE` on the quantity.
 */
export const BALANCE_VIOLATIONS: Violations = {
  balance_on_hand_not_negative: insufficientStock,
  balance_reserved_not_negative: insufficientStock,
  balance_available_not_negative: insufficientStock,
  // The serialized-stock rules of schema/migrations/0041_stock_serialized_reservations.sql, checked at commit.
  serialized_balance_matches_assets: userError('INVALID_TRANSITION', 'Serialized stock moves one named asset at a time; this change would not.', ['input', 'assetId']),
  reserved_asset_stays: userError('INVALID_TRANSITION', 'The asset is held by a reservation; fulfil or release it first.', ['input', 'assetId']),
  reservation_names_its_asset: userError('INVALID_VALUE', 'A reservation of a serialized part holds one asset at its location.', ['input', 'assetId']),
  reservation_asset_held_key: userError('INVALID_TRANSITION', 'The asset is already held by another reservation.', ['input', 'assetId']),
  // The database's unit rule (schema/migrations/0051_units_of_measure.sql), behind quantityPrecisionRefusal.
  quantity_fits_unit: userError('INVALID_VALUE', "The quantity has more decimal places than the part's unit of measure allows.", ['input', 'quantity']),
  // numeric_value_out_of_range: a balance (or a part's total) pushed past numeric(20, 6).
  '22003': userError(
    'INVALID_VALUE',
    'This movement would take the stock held past the largest quantity the ledger can hold (14 digits before the decimal point).',
    ['input', 'quantity'],
  ),
};

/** The locations a movement names, by id (none looked up when it names none). */
async function findNamedLocations(db: Queryable, request: MovementRequest): Promise<Map<string, LocationRow>> {
  const ids = [request.fromLocationId, request.toLocationId].filter((id): id is string => id !== null);
  if (ids.length === 0) return new Map();
  return new Map((await findLocationsByIds(db, ids)).map((row) => [row.id, row]));
}

export interface RecordOptions {
  readonly rules: ApprovalRules;
  /**
   * Runs in the transaction that stores a new movement, after it is stored
   * (and posted, when it posts), so what the caller links to the movement
   * commits with it or not at all. Not called when the key was used before.
   */
  readonly onRecorded?: (tx: Queryable, movement: MovementRow) => Promise<void>;
}

/** The movement recorded under `key`: a client key among the actor's own movements, a system key among the system's. */
function findMovementByKey(db: Queryable, key: WriteKey, actor: Actor): Promise<MovementRow | null> {
  return 'client' in key ? findMovementByClientKey(db, actor.caller.subject, key.client) : findMovementBySystemKey(db, key.system);
}

/**
 * Records a movement under a key (see `WriteKey`: a client's is scoped to
 * the actor): validates it, stores it `PENDING_APPROVAL` (with an outbox
 * event for approvals) when a stock rule asks for approval, otherwise posts
 * it. The same key with the same input returns the first result; with
 * another input it is refused.
 */
export async function recordMovement(
  db: TransactionalDb,
  key: WriteKey,
  request: MovementRequest,
  actor: Actor,
  options: RecordOptions,
): Promise<CommandResult<MovementRow>> {
  const requestHash = hashRequest({ ...request });
  const seen = await findMovementByKey(db, key, actor);
  if (seen) {
    const conflict = keyReuseRefusal(seen, requestHash, 'movement');
    return conflict ? refused([conflict]) : { result: seen, userErrors: [] };
  }
  const part = await findPartCopy(db, request.partNumberId);
  const asset = request.assetId === null ? null : await findAssetCopy(db, request.assetId);
  const errors = [...checkMovementRequest(request, part, asset), ...checkMovementLocations(request, await findNamedLocations(db, request))];
  if (errors.length > 0 || part === null) return refused(errors);
  // The server's valuation: a receipt's own cost, every other movement the part's average.
  const value = valueForApproval(request.type, request.quantity, request.unitCost, part.averageCost);
  if (!isStorableValue(value)) return refused([valueTooLarge]);
  const unitCost = carriedUnitCost(request.type, request.unitCost, part.averageCost);
  const triggers = approvalTriggers(request, options.rules, value);
  return runCommand(db, (tx) => recordInTransaction(tx, key, { ...request, unitCost, requestHash, triggers, value }, actor, options.onRecorded), BALANCE_VIOLATIONS);
}

const valueTooLarge = userError(
  'INVALID_VALUE',
  'The movement is worth more (quantity × unit cost) than the ledger can hold: at most 14 digits before the decimal point.',
  ['input', 'quantity'],
);

async function recordInTransaction(
  tx: Queryable,
  key: WriteKey,
  request: MovementRequest & { requestHash: string; triggers: readonly ApprovalTrigger[]; value: string },
  actor: Actor,
  onRecorded: RecordOptions['onRecorded'],
): Promise<MovementRow> {
  // A client's direct move of an asset a policy covers must go through approval; the system's own moves are approvals carried out.
  if ('client' in key && request.type === 'TRANSFER' && request.assetId !== null) await refuseDirectMoveWhenApprovalRequired(tx, request.assetId);
  const pending = request.triggers.length > 0;
  const { value, triggers, ...columns } = request;
  const row: NewMovement = {
    ...columns,
    idempotencyKey: 'client' in key ? key.client : null,
    systemKey: 'system' in key ? key.system : null,
    status: pending ? 'PENDING_APPROVAL' : 'POSTED',
    approvalTriggers: triggers,
    reservationId: null,
    createdBy: actor.caller.subject,
  };
  const movement = await insertMovement(tx, row);
  if (!movement) {
    // A concurrent request with the same key committed first.
    const existing = await findMovementByKey(tx, key, actor);
    if (!existing) throw new Error(`idempotency key ${JSON.stringify(key)} conflicted but holds no movement`);
    const conflict = keyReuseRefusal(existing, request.requestHash, 'movement');
    if (conflict) throw new Refusal([conflict]);
    return existing;
  }
  if (pending) {
    await publishApprovalRequested(tx, movement, triggers, actor, value);
  } else {
    const refusal = await postMovement(tx, movement, actor);
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
  await onRecorded?.(tx, movement);
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
    // A posting the database refuses (a balance past its precision) rejects
    // the movement instead of failing the decision's delivery for ever.
    const refusal = await withSavepoint(tx, async () => {
      const refused = await postMovement(tx, before, actor);
      if (refused) throw new Refusal([refused]);
      return null;
    }).catch((error: unknown) => {
      const errors = userErrorsOf(error, BALANCE_VIOLATIONS);
      if (!errors) throw error;
      return errors[0]!;
    });
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
