import { describe, expect, it } from 'vitest';
import { quantityPrecisionRefusal } from './unit-rules.ts';

describe('units of measure', () => {
  const each = { unitOfMeasure: 'EA', unitDecimalPlaces: 0 };
  const metre = { unitOfMeasure: 'M', unitDecimalPlaces: 3 };

  it('counts EA in whole units', () => {
    expect(quantityPrecisionRefusal('3', each)).toBeNull();
    expect(quantityPrecisionRefusal('3.000', each)).toBeNull();
    expect(quantityPrecisionRefusal('0.333333', each)).toEqual({
      code: 'INVALID_VALUE', field: ['input', 'quantity'], message: 'This part is counted in whole EA: quantity 0.333333 must be a whole number.',
    });
  });

  it('lets decimal units have as many places as they allow', () => {
    expect(quantityPrecisionRefusal('12.125', metre)).toBeNull();
    expect(quantityPrecisionRefusal('12.1255', metre)?.message).toBe('This part is counted in M to 3 decimal places: quantity 12.1255 has more.');
  });

  it('leaves unknown parts and malformed quantities to other rules', () => {
    expect(quantityPrecisionRefusal('0.5', null)).toBeNull();
    expect(quantityPrecisionRefusal('abc', each)).toBeNull();
    expect(quantityPrecisionRefusal(null, each)).toBeNull();
  });
});
