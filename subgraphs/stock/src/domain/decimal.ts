/**
 * Exact arithmetic on the ledger's decimals (`numeric(20, 6)`), as integers
 * of millionths. JavaScript numbers would lose units in sums; strings are
 * what the database and the `Decimal` scalar exchange.
 */
const SCALE = 6;
const FACTOR = 10n ** BigInt(SCALE);
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Millionths of `text`; throws on anything but a plain decimal, or on more than six decimal places. */
export function toMicros(text: string): bigint {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new RangeError(`not a decimal: ${text}`);
  const [, sign, whole, fraction = ''] = match;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > SCALE) throw new RangeError(`more than ${SCALE} decimal places: ${text}`);
  const micros = BigInt(whole!) * FACTOR + BigInt(trimmed.padEnd(SCALE, '0') || '0');
  return sign ? -micros : micros;
}

/** The shortest decimal text of `micros` millionths (`"12.5"`, `"3"`, `"-0.000001"`). */
export function fromMicros(micros: bigint): string {
  const negative = micros < 0n;
  const absolute = negative ? -micros : micros;
  const whole = absolute / FACTOR;
  const fraction = (absolute % FACTOR).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Whether `text` is a decimal the ledger can store exactly (at most six decimal places, fourteen digits before the point). */
export function isStorableDecimal(text: string): boolean {
  try {
    const micros = toMicros(text);
    return (micros < 0n ? -micros : micros) < 10n ** 20n;
  } catch {
    return false;
  }
}

/** `a * b`, rounded half away from zero to six decimal places. */
export function multiply(a: string, b: string): string {
  const product = toMicros(a) * toMicros(b);
  const half = FACTOR / 2n;
  const rounded = product >= 0n ? (product + half) / FACTOR : -((-product + half) / FACTOR);
  return fromMicros(rounded);
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compare(a: string, b: string): -1 | 0 | 1 {
  const difference = toMicros(a) - toMicros(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
