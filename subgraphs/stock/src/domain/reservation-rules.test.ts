import { describe, expect, it } from 'vitest';
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
} from './reservation-rules.ts';

const now = new Date('2026-03-01T12:00:00Z');
const request = (overrides: Partial<ReservationRequest>): ReservationRequest => ({
  partNumberId: '7', locationId: '10', assetId: null, quantity: '2', expiresAt: null, project: null, requester: null, ...overrides,
});
const active = { active: true, serialized: false };
const serialized = { active: true, serialized: true };

describe('reservation rules', () => {
  it('accepts a positive quantity of an active part at an existing location, expiring later or never', () => {
    expect(checkReservationRequest(request({}), active, true, now)).toEqual([]);
    expect(checkReservationRequest(request({ expiresAt: new Date('2026-03-01T12:00:01Z') }), active, true, now)).toEqual([]);
  });

  it('refuses everything wrong with a request at once', () => {
    const fields = checkReservationRequest(request({ quantity: '0', expiresAt: now }), null, false, now).map((error) => `${error.code}:${error.field?.join('.')}`);
    expect(fields).toEqual(['INVALID_VALUE:input.quantity', 'INVALID_VALUE:input.expiresAt', 'NOT_FOUND:input.partNumberId', 'NOT_FOUND:input.locationId']);
    expect(checkReservationRequest(request({}), { active: false, serialized: false }, true, now).map((error) => error.message)).toEqual(['The part number is inactive and cannot be reserved.']);
  });

  it('counts a reservation as lapsed from the moment it expires, whether or not it was released yet', () => {
    expect(isOverdue({ status: 'ACTIVE', expiresAt: now }, now)).toBe(true);
    expect(isOverdue({ status: 'ACTIVE', expiresAt: new Date(now.getTime() + 1) }, now)).toBe(false);
    expect(isOverdue({ status: 'ACTIVE', expiresAt: null }, now)).toBe(false);
    expect(isOverdue({ status: 'EXPIRED', expiresAt: now }, now)).toBe(false);
    expect(expiredRefusal({ id: '3', expiresAt: now })).toEqual({
      code: 'INVALID_TRANSITION', field: ['input', 'reservationId'], message: 'Reservation 3 expired at 2026-03-01T12:00:00.000Z; its stock is no longer set aside.',
    });
  });

  it('reserves a serialized part one named or picked asset of that part at a time, and a bulk part by quantity', () => {
    const codes = (...args: Parameters<typeof checkReservationRequest>) => checkReservationRequest(...args).map((error) => `${error.code}:${error.field?.join('.')}`);
    expect(codes(request({ quantity: '1' }), serialized, true, now)).toEqual([]);
    expect(codes(request({ quantity: '1', assetId: '5' }), serialized, true, now, { partNumberId: '7' })).toEqual([]);
    expect(codes(request({ quantity: '2' }), serialized, true, now)).toEqual(['INVALID_VALUE:input.quantity']);
    expect(codes(request({ quantity: '1', assetId: '5' }), serialized, true, now, null)).toEqual(['NOT_FOUND:input.assetId']);
    expect(codes(request({ quantity: '1', assetId: '5' }), serialized, true, now, { partNumberId: '8' })).toEqual(['INVALID_VALUE:input.assetId']);
    expect(codes(request({ assetId: '5' }), active, true, now, { partNumberId: '7' })).toEqual(['INVALID_VALUE:input.assetId']);
  });

  it('holds a named asset only where it is and when no reservation in force holds it', () => {
    expect(assetHoldRefusal('5', '10', '10', null)).toBeNull();
    expect(assetHoldRefusal('5', '10', '11', null)?.message).toBe('Asset 5 is at location 11, not at location 10.');
    expect(assetHoldRefusal('5', '10', null, null)?.message).toBe('Asset 5 is not in stock, not at location 10.');
    expect(assetHoldRefusal('5', '10', '10', { id: '3' })).toEqual({ code: 'INVALID_TRANSITION', field: ['input', 'assetId'], message: 'Asset 5 is already held by reservation 3.' });
    expect(noAssetToReserve('7', '10')).toEqual({ code: 'INSUFFICIENT_STOCK', field: ['input', 'quantity'], message: 'No unreserved asset of part number 7 is at location 10.' });
  });

  it('refuses to end a reservation twice', () => {
    expect(notActiveRefusal({ id: '3', status: 'EXPIRED' })).toEqual({ code: 'INVALID_TRANSITION', field: ['input', 'reservationId'], message: 'Reservation 3 is EXPIRED, not ACTIVE.' });
  });

  it('issues reserved stock only to another existing location that accepts stock', () => {
    expect(destinationRefusal({ locationId: '10' }, '11', { code: 'SITE', active: true })).toBeNull();
    expect(destinationRefusal({ locationId: '10' }, '11', null)?.code).toBe('NOT_FOUND');
    expect(destinationRefusal({ locationId: '10' }, '11', { code: 'SITE', active: false })?.message).toBe('Location SITE is inactive and accepts no stock.');
    expect(destinationRefusal({ locationId: '10' }, '10', { code: 'BIN', active: true })?.message).toBe('Stock is issued to another location than the one it is reserved at.');
  });

  it('orders reservations by part number then location, as numbers, the order postings lock balances in', () => {
    const ordered = inLockOrder([
      { partNumberId: '10', locationId: '1' },
      { partNumberId: '9', locationId: '20' },
      { partNumberId: '9', locationId: '3' },
    ]);
    expect(ordered).toEqual([{ partNumberId: '9', locationId: '3' }, { partNumberId: '9', locationId: '20' }, { partNumberId: '10', locationId: '1' }]);
  });
});
