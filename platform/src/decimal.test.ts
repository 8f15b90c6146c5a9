import { describe, expect, it } from 'vitest';
import { compareDecimals, decimalPlaces, fitsNumeric, fromMicros, hasAtMostDecimalPlaces, isDecimal, isStorableDecimal, multiplyDecimals, toMicros } from './decimal.ts';

describe('decimals', () => {
  it('round-trips ledger decimals exactly in their shortest form', () => {
    expect(fromMicros(toMicros('12.500000'))).toBe('12.5');
    expect(fromMicros(toMicros('0.000001'))).toBe('0.000001');
    expect(fromMicros(toMicros('-3'))).toBe('-3');
    expect(fromMicros(toMicros('0.1') + toMicros('0.2'))).toBe('0.3');
  });

  it('refuses text that is not a plain decimal or has more than six places', () => {
    expect(() => toMicros('1e3')).toThrow(RangeError);
    expect(() => toMicros('0.0000001')).toThrow(RangeError);
    expect(isStorableDecimal('12.25')).toBe(true);
    expect(isStorableDecimal('abc')).toBe(false);
    expect(isStorableDecimal('100000000000000')).toBe(false);
  });

  it('multiplies and compares without floating-point error', () => {
    expect(multiplyDecimals('3', '9.40')).toBe('28.2');
    expect(multiplyDecimals('0.1', '0.3')).toBe('0.03');
    expect(multiplyDecimals('2', '4999.995')).toBe('9999.99');
    expect(compareDecimals('10000', '10000.000')).toBe(0);
    expect(compareDecimals('9999.999999', '10000')).toBe(-1);
  });

  it('orders decimals exactly, whatever their scale', () => {
    expect(compareDecimals('10000', '9999.999999')).toBe(1);
    expect(compareDecimals('0.1', '0.10')).toBe(0);
    expect(compareDecimals('-1.5', '1')).toBe(-1);
    expect(compareDecimals('123456789012345.000001', '123456789012345')).toBe(1);
    expect(compareDecimals('0.0000000001', '0')).toBe(1);
  });

  it('refuses what is not a decimal', () => {
    expect(isDecimal('1e3')).toBe(false);
    expect(() => compareDecimals('abc', '1')).toThrow('not a decimal: abc');
  });

  it('counts the decimal places a value needs, trailing zeros aside', () => {
    expect(decimalPlaces('2.50')).toBe(1);
    expect(decimalPlaces('3')).toBe(0);
    expect(decimalPlaces('0.79999')).toBe(5);
    expect(hasAtMostDecimalPlaces('0.7999', 4)).toBe(true);
    expect(hasAtMostDecimalPlaces('0.79999', 4)).toBe(false);
    expect(hasAtMostDecimalPlaces('1.000000', 0)).toBe(true);
    expect(hasAtMostDecimalPlaces('abc', 4)).toBe(false);
  });

  it('knows which values fit a numeric column without rounding or overflow', () => {
    expect(fitsNumeric('89.123456', 9, 6)).toBe(true);
    expect(fitsNumeric('-90', 9, 6)).toBe(true);
    expect(fitsNumeric('1000', 9, 6)).toBe(false);
    expect(fitsNumeric('1.1234567', 9, 6)).toBe(false);
    expect(fitsNumeric('0001.5', 9, 6)).toBe(true);
    expect(fitsNumeric('9007199254740992', 20, 6)).toBe(false);
  });
});
