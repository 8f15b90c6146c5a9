import { describe, expect, it } from 'vitest';
import { averageCostAfterReceipt, carriedUnitCost, isStorableValue, valueForApproval } from './valuation.ts';

describe('moving weighted average cost', () => {
  it('takes the first receipt cost when nothing is on hand', () => {
    expect(averageCostAfterReceipt('0', '0', '10', '4.5')).toBe('4.5');
  });

  it('weights a receipt with the quantity already on hand', () => {
    expect(averageCostAfterReceipt('10', '4', '30', '8')).toBe('7');
  });

  it('rounds half up to six decimal places', () => {
    expect(averageCostAfterReceipt('1', '1', '2', '0')).toBe('0.333333');
    expect(averageCostAfterReceipt('2', '1', '1', '0')).toBe('0.666667');
  });

  it('keeps the value of what is on hand when units arrive free', () => {
    expect(averageCostAfterReceipt('10', '100', '990', '0')).toBe('1');
  });
});

describe('costs carried by movements', () => {
  it('lets only a receipt carry its own cost', () => {
    expect(carriedUnitCost('INBOUND', '12', '10')).toBe('12');
    expect(carriedUnitCost('INBOUND', null, '10')).toBe('10');
    expect(carriedUnitCost('TRANSFER', '0', '10')).toBe('10');
    expect(carriedUnitCost('ADJUSTMENT', null, '10')).toBe('10');
  });

  it('judges approval on the average, and on a receipt cost only when it is higher', () => {
    expect(valueForApproval('TRANSFER', '5', '0', '2500')).toBe('12500');
    expect(valueForApproval('OUTBOUND', '5', null, '2500')).toBe('12500');
    expect(valueForApproval('INBOUND', '5', '0', '2500')).toBe('12500');
    expect(valueForApproval('INBOUND', '5', '3000', '2500')).toBe('15000');
  });

  it('knows which values the ledger cannot hold', () => {
    expect(isStorableValue('99999999999999.999999')).toBe(true);
    expect(isStorableValue('100000000000000')).toBe(false);
  });
});
