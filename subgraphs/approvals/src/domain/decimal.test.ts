import { describe, expect, it } from 'vitest';
import { compareDecimals, isDecimal } from './decimal.ts';

describe('compareDecimals', () => {
  it('orders decimals exactly, whatever their scale', () => {
    expect(compareDecimals('10000', '9999.999999')).toBe(1);
    expect(compareDecimals('0.1', '0.10')).toBe(0);
    expect(compareDecimals('-1.5', '1')).toBe(-1);
    expect(compareDecimals('123456789012345.000001', '123456789012345')).toBe(1);
  });

  it('refuses what is not a decimal', () => {
    expect(isDecimal('1e3')).toBe(false);
    expect(() => compareDecimals('abc', '1')).toThrow('not a decimal: abc');
  });
});
