import { describe, expect, it } from 'vitest';
import { DateScalar, DateTimeScalar, DecimalScalar } from './scalars.ts';

describe('the Decimal scalar', () => {
  it('keeps values exact and drops insignificant zeros on output', () => {
    expect(DecimalScalar.serialize('12.500000')).toBe('12.5');
    expect(DecimalScalar.serialize('7.000000')).toBe('7');
    expect(DecimalScalar.serialize('0.000000')).toBe('0');
    expect(DecimalScalar.serialize('12345678901234.123456')).toBe('12345678901234.123456');
  });

  it('accepts decimal strings and integer numbers, and nothing lossy', () => {
    expect(DecimalScalar.parseValue('3.25')).toBe('3.25');
    expect(DecimalScalar.parseValue(' 10 ')).toBe('10');
    expect(DecimalScalar.parseValue(4)).toBe('4');
    for (const bad of [1.5, 'abc', '1e5', '1.1234567', '123456789012345', '', null]) {
      expect(() => DecimalScalar.parseValue(bad), String(bad)).toThrow();
    }
  });
});

describe('the DateTime scalar', () => {
  it('requires an offset on input and answers in UTC', () => {
    expect(DateTimeScalar.parseValue('2026-03-01T10:30:00+01:00')).toEqual(new Date('2026-03-01T09:30:00Z'));
    expect(DateTimeScalar.serialize(new Date('2026-03-01T09:30:00Z'))).toBe('2026-03-01T09:30:00.000Z');
    expect(() => DateTimeScalar.parseValue('2026-03-01T10:30:00')).toThrow();
    expect(() => DateTimeScalar.parseValue('2026-02-30T10:30:00Z')).toThrow();
    expect(() => DateTimeScalar.parseValue('2028-02-29T10:30:00Z')).not.toThrow();
    expect(() => DateTimeScalar.parseValue('yesterday')).toThrow();
  });
});

describe('the Date scalar', () => {
  it('carries YYYY-MM-DD unchanged', () => {
    expect(DateScalar.parseValue('2026-03-01')).toBe('2026-03-01');
    expect(DateScalar.serialize('2026-03-01')).toBe('2026-03-01');
    expect(() => DateScalar.parseValue('01/03/2026')).toThrow();
    expect(() => DateScalar.parseValue('2026-13-01')).toThrow();
    expect(() => DateScalar.parseValue('2026-04-31')).toThrow();
  });
});
