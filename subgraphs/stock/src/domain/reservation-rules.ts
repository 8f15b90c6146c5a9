import { compareDecimals, isStorableDecimal, userError, type UserError } from '@inventory/platform';
import type { NewReservation, ReservationRow } from '../db/reservations.ts';

/** What `reserveStock` asks for, normalised: the columns of a reservation that the caller chooses. */
export type ReservationRequest = Omit<NewReservation, 'idempotencyKey' | 'requestHash' | 'createdBy'>;

const field = (name: string) => ['input', name];

/**
 * The refusals a reservation request earns before stock is looked at: a
 * positive quantity, an expiry after `now`, an active part number stock
 * knows of (`part` is null when it has no copy) and an existing location.
 * A serialized part is reserved one asset at a time (quantity 1); a named
 * asset must be one stock knows (`asset`, null when it has no copy) of that
 * part, and only serialized parts name one.
 */
export function checkReservationRequest(
  request: ReservationRequest,
  part: { readonly active: boolean; readonly serialized: boolean } | null,
  locationExists: boolean,
  now: Date,
  asset: { readonly partNumberId: string } | null = null,
): UserError[] {
  const errors: UserError[] = [];
  if (!isStorableDecimal(request.quantity) || compareDecimals(request.quantity, '0') <= 0) {
    errors.push(userError('INVALID_VALUE', 'quantity must be a positive number with at most six decimal places.', field('quantity')));
  } else if (part?.serialized && compareDecimals(request.quantity, '1') !== 0) {
    errors.push(userError('INVALID_VALUE', 'A serialized part is reserved one asset at a time, with quantity 1.', field('quantity')));
  }
  if (request.expiresAt !== null && request.expiresAt.getTime() <= now.getTime()) {
    errors.push(userError('INVALID_VALUE', 'expiresAt must be in the future.', field('expiresAt')));
  }
  if (!part) errors.push(userError('NOT_FOUND', `Part number ${request.partNumberId} is not known to stock.`, field('partNumberId')));
  else if (!part.active) errors.push(userError('INVALID_VALUE', 'The part number is inactive and cannot be reserved.', field('partNumberId')));
  if (part && !part.serialized && request.assetId !== null) {
    errors.push(userError('INVALID_VALUE', 'The part number is not serialized: reserve a quantity, not an asset.', field('assetId')));
  } else if (part?.serialized && request.assetId !== null) {
    if (!asset) errors.push(userError('NOT_FOUND', `Asset ${request.assetId} is not known to stock.`, field('assetId')));
    else if (asset.partNumberId !== request.partNumberId) {
      errors.push(userError('INVALID_VALUE', `Asset ${request.assetId} is a unit of part number ${asset.partNumberId}, not ${request.partNumberId}.`, field('assetId')));
    }
  }
  if (!locationExists) errors.push(userError('NOT_FOUND', `Location ${request.locationId} does not exist.`, field('locationId')));
  return errors;
}

/**
 * Why a named asset cannot be reserved at `locationId` (`at` is where stock
 * places it, null when not in stock; `holder` the reservation in force that
 * holds it, if any), or null when it can.
 */
export function assetHoldRefusal(assetId: string, locationId: string, at: string | null, holder: Pick<ReservationRow, 'id'> | null): UserError | null {
  if (at !== locationId) {
    const where = at === null ? 'is not in stock' : `is at location ${at}`;
    return userError('INVALID_TRANSITION', `Asset ${assetId} ${where}, not at location ${locationId}.`, field('assetId'));
  }
  if (holder) return userError('INVALID_TRANSITION', `Asset ${assetId} is already held by reservation ${holder.id}.`, field('assetId'));
  return null;
}

/** The refusal when no asset of a serialized part is left to reserve at a location. */
export function noAssetToReserve(partNumberId: string, locationId: string): UserError {
  return userError('INSUFFICIENT_STOCK', `No unreserved asset of part number ${partNumberId} is at location ${locationId}.`, field('quantity'));
}

/** The refusal to release or fulfil a reservation that has already ended. */
export function notActiveRefusal(reservation: Pick<ReservationRow, 'id' | 'status'>): UserError {
  return userError('INVALID_TRANSITION', `Reservation ${reservation.id} is ${reservation.status}, not ACTIVE.`, field('reservationId'));
}

/**
 * Whether a reservation has lapsed at `now`: it holds nothing from its
 * `expiresAt` on, whether or not the expiry worker has released it yet.
 */
export function isOverdue(reservation: Pick<ReservationRow, 'status' | 'expiresAt'>, now: Date): boolean {
  return reservation.status === 'ACTIVE' && reservation.expiresAt !== null && reservation.expiresAt.getTime() <= now.getTime();
}

/** The refusal to use a reservation that lapsed before it was used. */
export function expiredRefusal(reservation: Pick<ReservationRow, 'id' | 'expiresAt'>): UserError {
  return userError(
    'INVALID_TRANSITION',
    `Reservation ${reservation.id} expired at ${reservation.expiresAt?.toISOString()}; its stock is no longer set aside.`,
    field('reservationId'),
  );
}

/**
 * Why a reservation's stock cannot be issued to `toLocationId` (`to` is that
 * location, null when it does not exist), or null when it can: the location
 * must exist, accept stock, and differ from the one the stock is reserved at.
 */
export function destinationRefusal(
  reservation: Pick<ReservationRow, 'locationId'>,
  toLocationId: string,
  to: { readonly code: string; readonly active: boolean } | null,
): UserError | null {
  if (!to) return userError('NOT_FOUND', `Location ${toLocationId} does not exist.`, field('toLocationId'));
  if (!to.active) return userError('INVALID_VALUE', `Location ${to.code} is inactive and accepts no stock.`, field('toLocationId'));
  if (toLocationId === reservation.locationId) {
    return userError('INVALID_VALUE', 'Stock is issued to another location than the one it is reserved at.', field('toLocationId'));
  }
  return null;
}

const compareIds = (a: string, b: string) => {
  const difference = BigInt(a) - BigInt(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
};

/**
 * Reservations in (part number, location) order, ids compared as numbers:
 * the order postings lock balances in, so ending many reservations in one
 * transaction never deadlocks with a posting.
 */
export function inLockOrder<T extends Pick<ReservationRow, 'partNumberId' | 'locationId'>>(reservations: readonly T[]): T[] {
  return [...reservations].sort((a, b) => compareIds(a.partNumberId, b.partNumberId) || compareIds(a.locationId, b.locationId));
}
