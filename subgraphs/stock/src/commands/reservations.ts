import {
  compareDecimals,
  isStorableDecimal,
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
import { findPartCopy } from '../db/catalog-copies.ts';
import { findLocationsByIds } from '../db/locations.ts';
import { findMovementsByIds, insertMovement, type MovementRow } from '../db/movements.ts';
import {
  claimExpiredReservations,
  closeReservation,
  findReservationByIdempotencyKey,
  insertReservation,
  lockReservation,
  type ReservationRow,
} from '../db/reservations.ts';
import { BALANCE_VIOLATIONS, postMovement } from './movements.ts';
import { hashRequest } from '../domain/request-hash.ts';

/** What `reserveStock` asks for, normalised. */
export interface ReservationRequest {
  readonly partNumberId: string;
  readonly locationId: string;
  readonly quantity: string;
  readonly expiresAt: Date | null;
  readonly project: string | null;
  readonly requester: string | null;
}

const field = (name: string) => ['input', name];

/** Refusals a reservation request earns before stock is looked at. */
export function checkReservationRequest(request: ReservationRequest, now: Date): UserError[] {
  const errors: UserError[] = [];
  if (!isStorableDecimal(request.quantity) || compareDecimals(request.quantity, '0') <= 0) {
    errors.push(userError('INVALID_VALUE', 'quantity must be a positive number with at most six decimal places.', field('quantity')));
  }
  if (request.expiresAt !== null && request.expiresAt.getTime() <= now.getTime()) {
    errors.push(userError('INVALID_VALUE', 'expiresAt must be in the future.', field('expiresAt')));
  }
  return errors;
}

/**
 * Sets stock aside: an ACTIVE reservation, a posted RESERVATION movement
 * and the balance's `reserved`, all in one transaction, refused with
 * `INSUFFICIENT_STOCK` when less is available. Idempotent by key.
 */
export async function reserveStock(db: TransactionalDb, idempotencyKey: string, request: ReservationRequest, actor: Actor): Promise<CommandResult<ReservationRow>> {
  const requestHash = hashRequest({ ...request, expiresAt: request.expiresAt?.toISOString() ?? null });
  const keyReused = userError('CONFLICT', 'This idempotency key was already used for a different reservation; use a new key.', field('idempotencyKey'));
  const seen = await findReservationByIdempotencyKey(db, idempotencyKey);
  if (seen) return seen.requestHash === requestHash ? { result: seen, userErrors: [] } : refused([keyReused]);
  const errors = checkReservationRequest(request, new Date());
  const part = await findPartCopy(db, request.partNumberId);
  if (!part) errors.push(userError('NOT_FOUND', `Part number ${request.partNumberId} is not known to stock.`, field('partNumberId')));
  else if (!part.active) errors.push(userError('INVALID_VALUE', 'The part number is inactive and cannot be reserved.', field('partNumberId')));
  const [location] = await findLocationsByIds(db, [request.locationId]);
  if (!location) errors.push(userError('NOT_FOUND', `Location ${request.locationId} does not exist.`, field('locationId')));
  if (errors.length > 0) return refused(errors);
  return runCommand(db, async (tx) => {
    const reservation = await insertReservation(tx, { ...request, idempotencyKey, requestHash, createdBy: actor.caller.subject });
    if (!reservation) {
      // A concurrent request with the same key committed first.
      const existing = await findReservationByIdempotencyKey(tx, idempotencyKey);
      if (!existing) throw new Error(`idempotency key ${idempotencyKey} conflicted but holds no reservation`);
      if (existing.requestHash !== requestHash) throw new Refusal([keyReused]);
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

/** Posts the RESERVATION (or RELEASE) movement that explains a change of `reserved`; it names no location, its reservation does. */
async function recordReservedChange(tx: Queryable, reservation: ReservationRow, type: 'RESERVATION' | 'RELEASE', actor: Actor): Promise<MovementRow> {
  const movement = await insertMovement(tx, {
    idempotencyKey: null,
    requestHash: null,
    type,
    status: 'POSTED',
    partNumberId: reservation.partNumberId,
    assetId: null,
    quantity: reservation.quantity,
    fromLocationId: null,
    toLocationId: null,
    unitCost: null,
    reason: type === 'RESERVATION' ? 'Reserved' : 'Reservation released',
    documentRef: null,
    documentType: null,
    project: reservation.project,
    costCenter: null,
    confidenceScore: null,
    approvalTriggers: [],
    reservationId: reservation.id,
    createdBy: actor.caller.subject,
  });
  const refusal = await postMovement(tx, movement!, reservation.locationId);
  if (refusal) throw new Refusal([refusal]);
  return movement!;
}

/** How a reservation ends. */
export type ReservationEnd = 'RELEASED' | 'EXPIRED';

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

const notActive = (reservation: ReservationRow): UserError =>
  userError('INVALID_TRANSITION', `Reservation ${reservation.id} is ${reservation.status}, not ACTIVE.`, field('reservationId'));

/**
 * Releases an ACTIVE reservation. Refused when it has already ended (and
 * returned as it ended), or when its RELEASE movement cannot be posted.
 */
export async function releaseReservation(db: TransactionalDb, reservationId: string, actor: Actor): Promise<CommandResult<ReservationRow>> {
  const { result, userErrors } = await runCommand(db, async (tx): Promise<CommandResult<ReservationRow>> => {
    const reservation = await lockReservation(tx, reservationId);
    if (!reservation) refuse('NOT_FOUND', `Reservation ${reservationId} does not exist.`, field('reservationId'));
    if (reservation.status !== 'ACTIVE') return { result: reservation, userErrors: [notActive(reservation)] };
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
 * stock and issues it in one transaction. A repeated call finds it
 * FULFILLED and returns it with its movement and no error; a reservation
 * that ended otherwise is refused, and returned as it ended.
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
    if (reservation.status !== 'ACTIVE') return { result: { reservation, movement: null }, userErrors: [notActive(reservation)] };
    if (details.toLocationId !== null) {
      const [to] = await findLocationsByIds(tx, [details.toLocationId]);
      if (!to) refuse('NOT_FOUND', `Location ${details.toLocationId} does not exist.`, field('toLocationId'));
      if (!to.active) refuse('INVALID_VALUE', `Location ${to.code} is inactive and accepts no stock.`, field('toLocationId'));
      if (details.toLocationId === reservation.locationId) {
        refuse('INVALID_VALUE', 'Stock is issued to another location than the one it is reserved at.', field('toLocationId'));
      }
    }
    await recordReservedChange(tx, reservation, 'RELEASE', actor);
    const movement = (await insertMovement(tx, {
      idempotencyKey: null, requestHash: null, type: 'OUTBOUND', status: 'POSTED', partNumberId: reservation.partNumberId, assetId: null,
      quantity: reservation.quantity, fromLocationId: reservation.locationId, toLocationId: details.toLocationId, unitCost: null,
      reason: 'Reservation fulfilled', documentRef: details.documentRef, documentType: null, project: reservation.project, costCenter: null,
      confidenceScore: null, approvalTriggers: [], reservationId: reservation.id, createdBy: actor.caller.subject,
    }))!;
    const refusal = await postMovement(tx, movement);
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

/**
 * Releases up to `limit` overdue reservations in one transaction and
 * returns how many. Claimed rows are skipped by other sweepers (SKIP
 * LOCKED) and handled in (part, location) order, the order postings lock
 * balances in, so sweepers and postings never deadlock.
 */
export async function expireReservations(db: TransactionalDb, limit: number): Promise<number> {
  const actor: Actor = { caller: { subject: 'stock:reservation-expiry', roles: [] }, requestId: `reservation-expiry:${Date.now()}` };
  return db.transaction(async (tx) => {
    const claimed = await claimExpiredReservations(tx, limit);
    const ordered = [...claimed].sort((a, b) => compareIds(a.partNumberId, b.partNumberId) || compareIds(a.locationId, b.locationId));
    for (const reservation of ordered) await endReservation(tx, reservation, 'EXPIRED', actor);
    return claimed.length;
  });
}

function compareIds(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
