import {
  recordAudit,
  refuse,
  Refusal,
  refused,
  runCommand,
  userError,
  type Actor,
  type CommandResult,
  type Queryable,
  type TransactionalDb,
  type UserError,
} from '@inventory/platform';
import { lockAssetPosition } from '../db/asset-positions.ts';
import { findAssetCopy, findPartCopy } from '../db/catalog-copies.ts';
import { findLocationsByIds } from '../db/locations.ts';
import { findMovementsByIds, insertMovement, type MovementRow } from '../db/movements.ts';
import {
  claimExpiredReservations,
  claimOverdueReservationsAt,
  closeReservation,
  findHolderOfAsset,
  findReservationByClientKey,
  findUnreservedAssetAt,
  insertReservation,
  lockReservation,
  shortenReservation,
  type ReservationRow,
} from '../db/reservations.ts';
import { hashRequest, keyReuseRefusal } from '../domain/idempotency.ts';
import type { ReservationCut } from '../domain/loss-rules.ts';
import { quantityPrecisionRefusal } from '../domain/unit-rules.ts';
import {
  assetHoldRefusal,
  checkReservationRequest,
  destinationRefusal,
  expiredRefusal,
  inLockOrder,
  isOverdue,
  noAssetToReserve,
  notActiveRefusal,
  type ReservationRequest,
} from '../domain/reservation-rules.ts';
import { BALANCE_VIOLATIONS, postMovement } from './movements.ts';

const field = (name: string) => ['input', name];

/**
 * Sets stock aside: an ACTIVE reservation, a posted RESERVATION movement
 * and the balance's `reserved`, all in one transaction, refused with
 * `INSUFFICIENT_STOCK` when less is available. A serialized part is
 * reserved one asset at a time: the asset named, or the lowest-numbered
 * one at the location that nothing holds; the reservation holds it until
 * it ends. Idempotent by the caller's own key: another caller's identical
 * key makes another reservation.
 */
export async function reserveStock(db: TransactionalDb, idempotencyKey: string, request: ReservationRequest, actor: Actor): Promise<CommandResult<ReservationRow>> {
  // A request naming no asset hashes as it did before reservations could name one.
  const { assetId: namedAsset, ...rest } = request;
  const requestHash = hashRequest({ ...rest, expiresAt: request.expiresAt?.toISOString() ?? null, ...(namedAsset === null ? {} : { assetId: namedAsset }) });
  const seen = await findReservationByClientKey(db, actor.caller.subject, idempotencyKey);
  if (seen) {
    const conflict = keyReuseRefusal(seen, requestHash, 'reservation');
    return conflict ? refused([conflict]) : { result: seen, userErrors: [] };
  }
  const part = await findPartCopy(db, request.partNumberId);
  const [location] = await findLocationsByIds(db, [request.locationId]);
  const asset = namedAsset !== null && part?.serialized ? await findAssetCopy(db, namedAsset) : null;
  const imprecise = quantityPrecisionRefusal(request.quantity, part);
  const errors = [...checkReservationRequest(request, part, location !== undefined, new Date(), asset), ...(imprecise ? [imprecise] : [])];
  if (errors.length > 0) return refused(errors);
  return runCommand(db, async (tx) => {
    const assetId = part!.serialized ? await holdAsset(tx, request, actor) : null;
    const reservation = await insertReservation(tx, { ...request, assetId, idempotencyKey, requestHash, createdBy: actor.caller.subject });
    if (!reservation) {
      // A concurrent request with the same key committed first.
      const existing = await findReservationByClientKey(tx, actor.caller.subject, idempotencyKey);
      if (!existing) throw new Error(`idempotency key ${idempotencyKey} conflicted but holds no reservation`);
      const conflict = keyReuseRefusal(existing, requestHash, 'reservation');
      if (conflict) throw new Refusal([conflict]);
      return existing;
    }
    await recordReservedChange(tx, reservation, 'RESERVATION', actor);
    await recordAudit(tx, 'stock', {
      action: 'reservation.created', entityType: 'Reservation', entityId: reservation.id, before: null, after: reservation,
      caller: actor.caller, requestId: actor.requestId,
    });
    return reservation;
  }, BALANCE_VIOLATIONS);
}

/**
 * The reservation in force that holds an asset, if any, inside the
 * caller's transaction (which holds the asset's lock): one past its expiry
 * is ended there and then, in the request `requestId`, as it holds nothing
 * any more.
 */
export async function findAssetHolderInForce(tx: Queryable, assetId: string, requestId: string): Promise<ReservationRow | null> {
  const holder = await findHolderOfAsset(tx, assetId);
  if (!holder || !isOverdue(holder, new Date())) return holder;
  await expireOverdueReservationsAt(tx, holder.partNumberId, holder.locationId, requestId);
  return findHolderOfAsset(tx, assetId);
}

/**
 * Locks an asset for a new reservation at the request's location and says
 * why it cannot be held there, or null when it can.
 */
async function refuseToHold(tx: Queryable, request: ReservationRequest, assetId: string, actor: Actor): Promise<UserError | null> {
  const position = await lockAssetPosition(tx, assetId);
  return assetHoldRefusal(assetId, request.locationId, position?.locationId ?? null, await findAssetHolderInForce(tx, assetId, actor.requestId));
}

/**
 * The asset a serialized reservation will hold, locked until the
 * transaction ends: the one named, or the first unreserved one at the
 * location. A candidate taken by a concurrent reservation between the
 * look-up and the lock is passed over for the next.
 */
async function holdAsset(tx: Queryable, request: ReservationRequest, actor: Actor): Promise<string> {
  if (request.assetId !== null) {
    const refusal = await refuseToHold(tx, request, request.assetId, actor);
    if (refusal) throw new Refusal([refusal]);
    return request.assetId;
  }
  let after: string | null = null;
  for (;;) {
    const candidate = await findUnreservedAssetAt(tx, request.partNumberId, request.locationId, after);
    if (candidate === null) throw new Refusal([noAssetToReserve(request.partNumberId, request.locationId)]);
    if (!(await refuseToHold(tx, request, candidate, actor))) return candidate;
    after = candidate;
  }
}

/**
 * Posts the RESERVATION (or RELEASE) movement that explains a change of
 * `reserved`: all of the reservation's quantity unless `part` says how much
 * and why. It names no location; its reservation does.
 */
async function recordReservedChange(
  tx: Queryable,
  reservation: ReservationRow,
  type: 'RESERVATION' | 'RELEASE',
  actor: Actor,
  part: { quantity: string; reason: string } | null = null,
): Promise<MovementRow> {
  const movement = await insertMovement(tx, {
    idempotencyKey: null,
    requestHash: null,
    type,
    status: 'POSTED',
    partNumberId: reservation.partNumberId,
    assetId: null,
    quantity: part?.quantity ?? reservation.quantity,
    fromLocationId: null,
    toLocationId: null,
    unitCost: null,
    reason: part?.reason ?? (type === 'RESERVATION' ? 'Reserved' : 'Reservation released'),
    documentRef: null,
    documentType: null,
    project: reservation.project,
    costCenter: null,
    confidenceScore: null,
    approvalTriggers: [],
    reservationId: reservation.id,
    createdBy: actor.caller.subject,
  });
  const refusal = await postMovement(tx, movement!, actor, reservation.locationId);
  if (refusal) throw new Refusal([refusal]);
  return movement!;
}

/**
 * Gives up reserved stock to a loss being posted, inside its transaction:
 * each cut reservation gets a RELEASE movement of what it gives up (its
 * reason names the loss), and is released when that is all of it or
 * shortened otherwise, with an audit record saying why. `reservations` are
 * the active reservations at the loss's location, locked.
 */
export async function giveUpToLoss(
  tx: Queryable,
  loss: Pick<MovementRow, 'id'>,
  cuts: readonly ReservationCut[],
  reservations: readonly ReservationRow[],
  actor: Actor,
): Promise<void> {
  const reason = `Stock lost (movement ${loss.id})`;
  for (const cut of cuts) {
    const reservation = reservations.find((each) => each.id === cut.reservationId)!;
    await recordReservedChange(tx, reservation, 'RELEASE', actor, { quantity: cut.quantity, reason });
    const after = cut.releases
      ? await closeReservation(tx, reservation.id, { status: 'RELEASED', closedBy: actor.caller.subject, fulfilmentId: null })
      : await shortenReservation(tx, reservation.id, cut.quantity);
    await recordAudit(tx, 'stock', {
      action: cut.releases ? 'reservation.released' : 'reservation.shortened', entityType: 'Reservation', entityId: reservation.id,
      before: reservation, after: { ...after, reason, lossMovementId: loss.id }, caller: actor.caller, requestId: actor.requestId,
    });
  }
}

/** How a reservation ends. */
type ReservationEnd = 'RELEASED' | 'EXPIRED';

/**
 * Gives reserved stock back, inside the caller's transaction: a RELEASE
 * movement, the balance's `reserved` lowered, the reservation closed.
 */
async function endReservation(tx: Queryable, reservation: ReservationRow, end: ReservationEnd, actor: Actor): Promise<ReservationRow> {
  await recordReservedChange(tx, reservation, 'RELEASE', actor);
  const closed = await closeReservation(tx, reservation.id, { status: end, closedBy: actor.caller.subject, fulfilmentId: null });
  await recordAudit(tx, 'stock', {
    action: `reservation.${end.toLowerCase()}`, entityType: 'Reservation', entityId: reservation.id, before: reservation, after: closed,
    caller: actor.caller, requestId: actor.requestId,
  });
  return closed;
}

/**
 * Releases an ACTIVE reservation. Refused when it has already ended (and
 * returned as it ended), or when its RELEASE movement cannot be posted. A
 * reservation past its expiry ends EXPIRED there and then (its stock given
 * back) and the release is refused, as if the worker had come first.
 */
export async function releaseReservation(db: TransactionalDb, reservationId: string, actor: Actor): Promise<CommandResult<ReservationRow>> {
  const { result, userErrors } = await runCommand(db, async (tx): Promise<CommandResult<ReservationRow>> => {
    const reservation = await lockReservation(tx, reservationId);
    if (!reservation) refuse('NOT_FOUND', `Reservation ${reservationId} does not exist.`, field('reservationId'));
    if (reservation.status !== 'ACTIVE') return { result: reservation, userErrors: [notActiveRefusal(reservation)] };
    if (isOverdue(reservation, new Date())) {
      return { result: await endReservation(tx, reservation, 'EXPIRED', actor), userErrors: [expiredRefusal(reservation)] };
    }
    return { result: await endReservation(tx, reservation, 'RELEASED', actor), userErrors: [] };
  }, BALANCE_VIOLATIONS);
  return result ?? refused(userErrors);
}

/** A fulfilled reservation and the OUTBOUND movement that issued its stock. */
export interface Fulfilment {
  readonly reservation: ReservationRow;
  readonly movement: MovementRow | null;
}

/**
 * Turns an ACTIVE reservation into an OUTBOUND movement of its quantity
 * from its location (to `toLocationId` when given): releases the reserved
 * stock and issues it in one transaction; a serialized reservation's
 * movement takes its asset out with it. A repeated call finds it
 * FULFILLED and returns it with its movement and no error; a reservation
 * that ended otherwise is refused, and returned as it ended. Expiry holds
 * at the moment of use: a reservation past `expiresAt` is never fulfilled,
 * even before the expiry worker has seen it; it ends EXPIRED there and then.
 */
export async function fulfilReservation(
  db: TransactionalDb,
  reservationId: string,
  details: { toLocationId: string | null; documentRef: string | null },
  actor: Actor,
): Promise<CommandResult<Fulfilment>> {
  const { result, userErrors } = await runCommand(db, async (tx): Promise<CommandResult<Fulfilment>> => {
    const reservation = await lockReservation(tx, reservationId);
    if (!reservation) refuse('NOT_FOUND', `Reservation ${reservationId} does not exist.`, field('reservationId'));
    if (reservation.status === 'FULFILLED') {
      const [movement] = await findMovementsByIds(tx, [reservation.fulfilmentId!]);
      return { result: { reservation, movement: movement ?? null }, userErrors: [] };
    }
    if (reservation.status !== 'ACTIVE') return { result: { reservation, movement: null }, userErrors: [notActiveRefusal(reservation)] };
    if (isOverdue(reservation, new Date())) {
      const expired = await endReservation(tx, reservation, 'EXPIRED', actor);
      return { result: { reservation: expired, movement: null }, userErrors: [expiredRefusal(reservation)] };
    }
    if (reservation.assetId === null && (await findPartCopy(tx, reservation.partNumberId))?.serialized) {
      // Made before reservations of serialized parts held an asset: issuing it would not say which unit left.
      throw new Refusal([userError(
        'INVALID_TRANSITION',
        `Reservation ${reservation.id} of a serialized part holds no asset; release it and reserve the asset to issue.`,
        field('reservationId'),
      )]);
    }
    // The asset before any balance, the order every posting locks in.
    if (reservation.assetId !== null) await lockAssetPosition(tx, reservation.assetId);
    if (details.toLocationId !== null) {
      const [to] = await findLocationsByIds(tx, [details.toLocationId]);
      const refusal = destinationRefusal(reservation, details.toLocationId, to ?? null);
      if (refusal) throw new Refusal([refusal]);
    }
    await recordReservedChange(tx, reservation, 'RELEASE', actor);
    const movement = (await insertMovement(tx, {
      idempotencyKey: null, requestHash: null, type: 'OUTBOUND', status: 'POSTED', partNumberId: reservation.partNumberId, assetId: reservation.assetId,
      quantity: reservation.quantity, fromLocationId: reservation.locationId, toLocationId: details.toLocationId, unitCost: null,
      reason: 'Reservation fulfilled', documentRef: details.documentRef, documentType: null, project: reservation.project, costCenter: null,
      confidenceScore: null, approvalTriggers: [], reservationId: reservation.id, createdBy: actor.caller.subject,
    }))!;
    const refusal = await postMovement(tx, movement, actor);
    if (refusal) throw new Refusal([refusal]);
    const closed = await closeReservation(tx, reservation.id, { status: 'FULFILLED', closedBy: actor.caller.subject, fulfilmentId: movement.id });
    await recordAudit(tx, 'stock', {
      action: 'reservation.fulfilled', entityType: 'Reservation', entityId: reservation.id, before: reservation, after: closed,
      caller: actor.caller, requestId: actor.requestId,
    });
    return { result: { reservation: closed, movement }, userErrors: [] };
  }, BALANCE_VIOLATIONS);
  return result ?? refused(userErrors);
}

/** Who ends a lapsed reservation: the system, not whoever happened to find it lapsed. */
const expiryActor = (requestId = `reservation-expiry:${Date.now()}`): Actor => ({ caller: { subject: 'stock:reservation-expiry', roles: [] }, requestId });

/**
 * Ends the lapsed reservations of one part at one location inside the
 * caller's transaction, which already holds that balance, and returns how
 * many: a posting short of stock calls it so that a reservation past its
 * expiry holds nothing even before the expiry worker runs. The system ends
 * them, in the request that found them lapsed (`requestId`, for the audit
 * trail). Reservations another transaction holds are skipped, never
 * waited for.
 */
export async function expireOverdueReservationsAt(tx: Queryable, partNumberId: string, locationId: string, requestId: string): Promise<number> {
  const overdue = await claimOverdueReservationsAt(tx, partNumberId, locationId);
  if (overdue.length === 0) return 0;
  const actor = expiryActor(requestId);
  for (const reservation of overdue) await endReservation(tx, reservation, 'EXPIRED', actor);
  return overdue.length;
}

/**
 * Releases up to `limit` overdue reservations in one transaction and
 * returns how many. Claimed rows are skipped by other sweepers (SKIP
 * LOCKED) and handled in (part, location) order, the order postings lock
 * balances in, so sweepers and postings never deadlock.
 */
export async function expireReservations(db: TransactionalDb, limit: number): Promise<number> {
  const actor = expiryActor();
  return db.transaction(async (tx) => {
    const claimed = await claimExpiredReservations(tx, limit);
    for (const reservation of inLockOrder(claimed)) await endReservation(tx, reservation, 'EXPIRED', actor);
    return claimed.length;
  });
}
