import { describe, expect, it } from 'vitest';
import { lossShortageRefusal, recordsLoss, reservationCuts } from './loss-rules.ts';

describe('loss rules', () => {
  it('treats an adjustment out of a location as a loss, and nothing else', () => {
    expect(recordsLoss({ type: 'ADJUSTMENT', fromLocationId: '10' })).toBe(true);
    expect(recordsLoss({ type: 'ADJUSTMENT', fromLocationId: null })).toBe(false);
    expect(recordsLoss({ type: 'OUTBOUND', fromLocationId: '10' })).toBe(false);
  });

  it('covers a loss by what is on hand, reserved or not', () => {
    expect(lossShortageRefusal({ partNumberId: '7', quantity: '5' }, '10', { onHand: '5.000000' })).toBeNull();
    expect(lossShortageRefusal({ partNumberId: '7', quantity: '6' }, '10', { onHand: '5.000000' })).toEqual({
      code: 'INSUFFICIENT_STOCK', field: ['input', 'quantity'], message: 'Only 5 of part number 7 are on hand at location 10; 6 requested.',
    });
  });

  it('cuts nothing while what stays on hand still covers every reservation', () => {
    expect(reservationCuts([{ id: '1', quantity: '3', assetId: null }], { onHand: '10', reserved: '3' }, '7', null)).toEqual([]);
  });

  it('shortens or releases bulk reservations, newest first, by exactly what no longer fits', () => {
    const reservations = [{ id: '1', quantity: '4', assetId: null }, { id: '9', quantity: '2', assetId: null }, { id: '3', quantity: '3', assetId: null }];
    expect(reservationCuts(reservations, { onHand: '10', reserved: '9' }, '4.5', null)).toEqual([
      { reservationId: '9', quantity: '2', releases: true },
      { reservationId: '3', quantity: '1.5', releases: false },
    ]);
  });

  it('releases the reservation holding a lost asset, and no reservation holding another', () => {
    const reservations = [{ id: '1', quantity: '1', assetId: '50' }, { id: '2', quantity: '1', assetId: '51' }];
    expect(reservationCuts(reservations, { onHand: '2', reserved: '2' }, '1', '51')).toEqual([{ reservationId: '2', quantity: '1', releases: true }]);
    expect(reservationCuts(reservations, { onHand: '3', reserved: '2' }, '1', '52')).toEqual([]);
  });
});
