import { describe, expect, it } from 'vitest';
import { assetPositionRefusal, balanceDeltas, coveringLocation, reservedAssetRefusal, shortageRefusal, type Postable } from './posting-rules.ts';

const movement = (overrides: Partial<Postable>): Postable => ({
  id: '1', type: 'TRANSFER', partNumberId: '7', assetId: null, quantity: '2.5', fromLocationId: '10', toLocationId: '11', reservationId: null, unitCost: null, ...overrides,
});

describe('posting rules', () => {
  it('takes on-hand stock out of the source and into the destination', () => {
    expect(balanceDeltas(movement({}), null)).toEqual([
      { locationId: '10', onHand: '-2.5', reserved: '0' },
      { locationId: '11', onHand: '2.5', reserved: '0' },
    ]);
    expect(balanceDeltas(movement({ type: 'INBOUND', fromLocationId: null }), null)).toEqual([{ locationId: '11', onHand: '2.5', reserved: '0' }]);
    expect(balanceDeltas(movement({ type: 'ADJUSTMENT', toLocationId: null }), null)).toEqual([{ locationId: '10', onHand: '-2.5', reserved: '0' }]);
  });

  it('moves only what is reserved, at the reservation’s location, for reservations and releases', () => {
    const reservation = movement({ type: 'RESERVATION', fromLocationId: null, toLocationId: null });
    expect(balanceDeltas(reservation, '12')).toEqual([{ locationId: '12', onHand: '0', reserved: '2.5' }]);
    expect(balanceDeltas({ ...reservation, type: 'RELEASE' }, '12')).toEqual([{ locationId: '12', onHand: '0', reserved: '-2.5' }]);
    expect(() => balanceDeltas(reservation, null)).toThrow("RESERVATION movement 1 needs its reservation's location");
  });

  it('has the source, or a reservation’s location, cover the quantity, and nothing cover a receipt or a release', () => {
    expect(coveringLocation(movement({}), null)).toBe('10');
    expect(coveringLocation(movement({ type: 'RESERVATION', fromLocationId: null }), '12')).toBe('12');
    expect(coveringLocation(movement({ type: 'RELEASE', fromLocationId: null }), '12')).toBeNull();
    expect(coveringLocation(movement({ type: 'INBOUND', fromLocationId: null }), null)).toBeNull();
  });

  it('moves a serialized asset only from where it is, and into stock only when it is not in stock', () => {
    expect(assetPositionRefusal('5', '10', '10')).toBeNull();
    expect(assetPositionRefusal('5', null, null)).toBeNull();
    expect(assetPositionRefusal('5', '11', '10')).toEqual({ code: 'INVALID_TRANSITION', field: ['input', 'fromLocationId'], message: 'Asset 5 is at location 11, not at location 10.' });
    expect(assetPositionRefusal('5', null, '10')).toEqual({ code: 'INVALID_TRANSITION', field: ['input', 'fromLocationId'], message: 'Asset 5 is not in stock, not at location 10.' });
    expect(assetPositionRefusal('5', '10', null)).toEqual({ code: 'INVALID_TRANSITION', field: ['input', 'assetId'], message: 'Asset 5 is already in stock at location 10.' });
  });

  it('moves an asset a reservation holds only with that reservation', () => {
    expect(reservedAssetRefusal(movement({ assetId: '5' }), null)).toBeNull();
    expect(reservedAssetRefusal(movement({ assetId: '5', reservationId: '3' }), { id: '3' })).toBeNull();
    expect(reservedAssetRefusal(movement({ assetId: '5' }), { id: '3' })).toEqual({
      code: 'INVALID_TRANSITION', field: ['input', 'assetId'], message: 'Asset 5 is held by reservation 3; fulfil or release it first.',
    });
  });

  it('refuses more than is available (on hand less reserved) and says how much there is', () => {
    expect(shortageRefusal({ partNumberId: '7', quantity: '3' }, '10', { onHand: '5.000000', reserved: '2.000000' })).toBeNull();
    expect(shortageRefusal({ partNumberId: '7', quantity: '3.500000' }, '10', { onHand: '5', reserved: '2' })).toEqual({
      code: 'INSUFFICIENT_STOCK', field: ['input', 'quantity'], message: 'Only 3 of part number 7 are available at location 10; 3.5 requested.',
    });
    expect(shortageRefusal({ partNumberId: '7', quantity: '2' }, '10', { onHand: '1', reserved: '0' })?.message).toBe('Only 1 of part number 7 is available at location 10; 2 requested.');
  });
});
