import { compareDecimals, fromMicros, toMicros, userError, type UserError } from '@inventory/platform';
import type { BalanceDelta } from '../db/balances.ts';
import type { MovementRow } from '../db/movements.ts';
import { ON_HAND_TYPES } from './movement-rules.ts';

/** A movement's fields that posting reads. */
export type Postable = Pick<MovementRow, 'id' | 'type' | 'partNumberId' | 'assetId' | 'quantity' | 'fromLocationId' | 'toLocationId' | 'reservationId' | 'unitCost'>;

const negate = (quantity: string) => fromMicros(-toMicros(quantity));

/**
 * The location whose available stock must cover a movement's quantity: the
 * one it takes stock from, or for a RESERVATION the reservation's location
 * (`reservedAt`); null when the movement takes nothing (a receipt, a
 * RELEASE).
 */
export function coveringLocation(movement: Postable, reservedAt: string | null): string | null {
  return movement.type === 'RESERVATION' ? reservedAt : movement.fromLocationId;
}

/**
 * Why a serialized asset cannot make this movement from where it is
 * (`current`, null when it is not in stock), or null when it can: it leaves
 * only the location it is at (`from`), and enters stock only from outside.
 */
export function assetPositionRefusal(assetId: string, current: string | null, from: string | null): UserError | null {
  if (from !== null && current !== from) {
    const where = current === null ? 'is not in stock' : `is at location ${current}`;
    return userError('INVALID_TRANSITION', `Asset ${assetId} ${where}, not at location ${from}.`, ['input', 'fromLocationId']);
  }
  if (from === null && current !== null) {
    return userError('INVALID_TRANSITION', `Asset ${assetId} is already in stock at location ${current}.`, ['input', 'assetId']);
  }
  return null;
}

/**
 * Why a serialized asset cannot make this movement while a reservation in
 * force (`holder`) holds it, or null when nothing holds it or the movement
 * is that reservation's own.
 */
export function reservedAssetRefusal(movement: Pick<Postable, 'assetId' | 'reservationId'>, holder: { readonly id: string } | null): UserError | null {
  if (!holder || holder.id === movement.reservationId) return null;
  return userError('INVALID_TRANSITION', `Asset ${movement.assetId} is held by reservation ${holder.id}; fulfil or release it first.`, ['input', 'assetId']);
}

/**
 * The balance changes that post a movement: on hand out of `from` and into
 * `to` for the types that move stock, `reserved` up (RESERVATION) or down
 * (RELEASE) at the reservation's location, `reservedAt`, for the others.
 */
export function balanceDeltas(movement: Postable, reservedAt: string | null): BalanceDelta[] {
  const { type, quantity, toLocationId: to } = movement;
  const from = coveringLocation(movement, reservedAt);
  if (ON_HAND_TYPES.includes(type)) {
    const deltas: BalanceDelta[] = [];
    if (from !== null) deltas.push({ locationId: from, onHand: negate(quantity), reserved: '0' });
    if (to !== null) deltas.push({ locationId: to, onHand: quantity, reserved: '0' });
    return deltas;
  }
  if (reservedAt === null) throw new Error(`${type} movement ${movement.id} needs its reservation's location`);
  return [{ locationId: reservedAt, onHand: '0', reserved: type === 'RESERVATION' ? quantity : negate(quantity) }];
}

/**
 * `INSUFFICIENT_STOCK` when the balance at `locationId` has less available
 * (on hand less reserved) than the movement's quantity, saying how much
 * there is; null when it covers it.
 */
export function shortageRefusal(movement: Pick<Postable, 'partNumberId' | 'quantity'>, locationId: string, balance: { readonly onHand: string; readonly reserved: string }): UserError | null {
  const available = fromMicros(toMicros(balance.onHand) - toMicros(balance.reserved));
  if (compareDecimals(available, movement.quantity) >= 0) return null;
  return userError(
    'INSUFFICIENT_STOCK',
    `Only ${available} of part number ${movement.partNumberId} ${available === '1' ? 'is' : 'are'} available at location ${locationId}; ${fromMicros(toMicros(movement.quantity))} requested.`,
    ['input', 'quantity'],
  );
}
