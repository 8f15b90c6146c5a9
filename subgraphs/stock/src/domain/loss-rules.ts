import { compareDecimals, fromMicros, toMicros, userError, type UserError } from '@inventory/platform';
import type { ReservationRow } from '../db/reservations.ts';
import type { Postable } from './posting-rules.ts';

/**
 * Whether a movement records stock that is physically gone: an ADJUSTMENT
 * out of a location (a count's missing or short stock, damage, shrinkage).
 * Such a loss is covered by what is on hand, reserved or not, because the
 * stock is gone whoever it was promised to; the reservations it eats into
 * are released or shortened. Every other movement is covered by what is
 * available.
 */
export function recordsLoss(movement: Pick<Postable, 'type' | 'fromLocationId'>): boolean {
  return movement.type === 'ADJUSTMENT' && movement.fromLocationId !== null;
}

/**
 * `INSUFFICIENT_STOCK` when a loss is larger than what is on hand at the
 * location, saying how much is; null when it is covered.
 */
export function lossShortageRefusal(movement: Pick<Postable, 'partNumberId' | 'quantity'>, locationId: string, balance: { readonly onHand: string }): UserError | null {
  if (compareDecimals(balance.onHand, movement.quantity) >= 0) return null;
  const onHand = fromMicros(toMicros(balance.onHand));
  return userError(
    'INSUFFICIENT_STOCK',
    `Only ${onHand} of part number ${movement.partNumberId} ${onHand === '1' ? 'is' : 'are'} on hand at location ${locationId}; ${fromMicros(toMicros(movement.quantity))} requested.`,
    ['input', 'quantity'],
  );
}

/** How much one reservation gives up to a loss; `releases` when that is all of it. */
export interface ReservationCut {
  readonly reservationId: string;
  readonly quantity: string;
  readonly releases: boolean;
}

/**
 * The reservations a loss of `quantity` at a location must give up so that
 * what stays reserved fits in what stays on hand: the reservation holding a
 * lost asset is released; then reservations of bulk stock, newest first
 * (the last promise made is the first broken), each shortened by what is
 * still missing or released when that is all of it. Reservations holding
 * other assets are never cut: their units are still there. `reservations`
 * are the active ones at the location.
 */
export function reservationCuts(
  reservations: readonly Pick<ReservationRow, 'id' | 'quantity' | 'assetId'>[],
  balance: { readonly onHand: string; readonly reserved: string },
  quantity: string,
  lostAssetId: string | null,
): ReservationCut[] {
  const cuts: ReservationCut[] = [];
  let excess = toMicros(balance.reserved) - (toMicros(balance.onHand) - toMicros(quantity));
  const holder = lostAssetId === null ? undefined : reservations.find((reservation) => reservation.assetId === lostAssetId);
  if (holder) {
    cuts.push({ reservationId: holder.id, quantity: fromMicros(toMicros(holder.quantity)), releases: true });
    excess -= toMicros(holder.quantity);
  }
  const newestFirst = reservations.filter((reservation) => reservation.assetId === null).sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  for (const reservation of newestFirst) {
    if (excess <= 0n) break;
    const held = toMicros(reservation.quantity);
    const take = held < excess ? held : excess;
    cuts.push({ reservationId: reservation.id, quantity: fromMicros(take), releases: take === held });
    excess -= take;
  }
  return cuts;
}
