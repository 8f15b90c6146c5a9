/**
 * Exact comparison of decimal strings (the `Decimal` scalar, `numeric`
 * columns), without going through floating point.
 */
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Scale used for comparison: the six decimals of the `numeric(20, 6)` columns, and more. */
const SCALE = 12;

function toScaled(text: string): bigint {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${text}`);
  const [, sign, whole, fraction = ''] = match;
  const scaled = BigInt(whole! + fraction.padEnd(SCALE, '0').slice(0, SCALE));
  return sign ? -scaled : scaled;
}

/** Negative, zero or positive as `a` is below, equal to or above `b`. Throws on a malformed decimal. */
export function compareDecimals(a: string, b: string): number {
  const difference = toScaled(a) - toScaled(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** Whether `text` is a decimal this module can compare. */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text.trim());
}
