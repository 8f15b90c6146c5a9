import { badUserInput } from './errors.ts';

const DATABASE_ID = /^[1-9]\d{0,17}$/;

/** Whether `value` names a database row: a positive integer, as text, that fits a `bigint`. */
export function isDatabaseId(value: unknown): value is string {
  return typeof value === 'string' && DATABASE_ID.test(value);
}

/**
 * Validates an `ID` argument naming a database row (a positive integer as a
 * string) so a malformed id is a `BAD_USER_INPUT`, not a failed cast in SQL.
 */
export function parseId(value: string | number, argument: string): string {
  const text = String(value);
  if (!DATABASE_ID.test(text)) throw badUserInput(`"${argument}" is not a valid id.`, argument);
  return text;
}

/** Like `parseId` for an optional argument. */
export function parseOptionalId(value: string | number | null | undefined, argument: string): string | null {
  return value === null || value === undefined ? null : parseId(value, argument);
}

/**
 * For single-object lookups that accept alternative keys (`asset(id, serialNumber)`):
 * exactly one must be given.
 */
export function requireExactlyOne(args: Record<string, unknown>): string {
  const given = Object.entries(args).filter(([, value]) => value !== null && value !== undefined);
  if (given.length !== 1) {
    throw badUserInput(`Give exactly one of ${Object.keys(args).map((name) => `"${name}"`).join(', ')}.`);
  }
  return given[0]![0];
}
