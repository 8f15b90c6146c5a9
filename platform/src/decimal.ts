/**
 * Exact decimal arithmetic on the text the database and the `Decimal`
 * scalar exchange. The ledger's columns are `numeric(20, 6)`, so ledger
 * amounts are handled as integers of millionths; comparison works at any
 * scale. JavaScript numbers would lose units in sums and thresholds.
 */
const LEDGER_SCALE = 6;
const FACTOR = 10n ** BigInt(LEDGER_SCALE);
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function parts(text: string): { negative: boolean; whole: string; fraction: string } {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new RangeError(`not a decimal: ${text}`);
  return { negative: match[1] !== undefined, whole: match[2]!, fraction: (match[3] ?? '').replace(/0+$/, '') };
}

/** Whether `text` is a plain decimal (`12`, `-0.5`; no exponent, no grouping). */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text.trim());
}

/**
 * How many decimal places `text` needs, ignoring trailing zeros (`"2.50"`
 * needs 1, `"3"` 0). Throws a `RangeError` on anything but a plain decimal.
 */
export function decimalPlaces(text: string): number {
  return parts(text).fraction.length;
}

/** Whether `text` is a plain decimal written with at most `places` decimal places (trailing zeros aside). */
export function hasAtMostDecimalPlaces(text: string, places: number): boolean {
  return isDecimal(text) && decimalPlaces(text) <= places;
}

/**
 * Whether `text` fits a `numeric(precision, scale)` column exactly: a plain
 * decimal with at most `scale` decimal places (PostgreSQL would round more
 * silently) and at most `precision - scale` digits before the point (more
 * overflows, SQLSTATE 22003).
 */
export function fitsNumeric(text: string, precision: number, scale: number): boolean {
  if (!isDecimal(text)) return false;
  const { whole, fraction } = parts(text);
  return fraction.length <= scale && whole.replace(/^0+/, '').length <= precision - scale;
}

/** Millionths of `text`; throws a `RangeError` on anything but a plain decimal, or on more than six decimal places. */
export function toMicros(text: string): bigint {
  const { negative, whole, fraction } = parts(text);
  if (fraction.length > LEDGER_SCALE) throw new RangeError(`more than ${LEDGER_SCALE} decimal places: ${text}`);
  const micros = BigInt(whole) * FACTOR + BigInt(fraction.padEnd(LEDGER_SCALE, '0') || '0');
  return negative ? -micros : micros;
}

/** The shortest decimal text of `micros` millionths (`"12.5"`, `"3"`, `"-0.000001"`). */
export function fromMicros(micros: bigint): string {
  const negative = micros < 0n;
  const absolute = negative ? -micros : micros;
  const whole = absolute / FACTOR;
  const fraction = (absolute % FACTOR).toString().padStart(LEDGER_SCALE, '0').replace(/0+$/, '');
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

/** `a * b` of two ledger decimals, rounded half away from zero to six decimal places. */
export function multiplyDecimals(a: string, b: string): string {
  const product = toMicros(a) * toMicros(b);
  const half = FACTOR / 2n;
  const rounded = product >= 0n ? (product + half) / FACTOR : -((-product + half) / FACTOR);
  return fromMicros(rounded);
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`, at whatever scale each is written. Throws on a malformed decimal. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const left = parts(a);
  const right = parts(b);
  const scale = Math.max(left.fraction.length, right.fraction.length);
  const scaled = ({ negative, whole, fraction }: ReturnType<typeof parts>) => {
    const value = BigInt(whole + fraction.padEnd(scale, '0'));
    return negative ? -value : value;
  };
  const difference = scaled(left) - scaled(right);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
