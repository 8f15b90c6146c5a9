import type { Caller } from './caller.ts';
import { sqlState, violatedConstraint, type Queryable } from './database.ts';
import { userError, type UserError, type UserErrorCode } from './errors.ts';

/** Who makes a change and in which request: what the audit trail and the outbox record. */
export interface Actor {
  readonly caller: Caller;
  readonly requestId: string;
}

/** What a command needs of the database: single statements and transactions (a `Database`). */
export interface TransactionalDb extends Queryable {
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}

/** What every command returns: the changed object, or why it was refused (never both). */
export interface CommandResult<T> {
  readonly result: T | null;
  readonly userErrors: readonly UserError[];
}

/**
 * A domain refusal, thrown from anywhere inside a command's transaction: the
 * transaction rolls back, so nothing half-written stays behind, and
 * `runCommand` turns it into the payload's `userErrors`.
 */
export class Refusal extends Error {
  readonly userErrors: readonly UserError[];
  constructor(userErrors: readonly UserError[]) {
    super(userErrors.map((error) => error.message).join(' '));
    this.name = 'Refusal';
    this.userErrors = userErrors;
  }
}

/** Refuses the command with one user error. */
export function refuse(code: UserErrorCode, message: string, field: readonly string[] | null = null): never {
  throw new Refusal([userError(code, message, field)]);
}

/** Refuses the command with these errors when there are any. */
export function refuseIf(errors: readonly UserError[]): void {
  if (errors.length > 0) throw new Refusal(errors);
}

/** A command's refused outcome, for refusals found before any transaction starts. */
export function refused<T>(userErrors: readonly UserError[]): CommandResult<T> {
  return { result: null, userErrors };
}

/** The integrity-error SQLSTATEs a command can turn into user errors. */
const MAPPED_STATES = new Set([
  '23505', // unique_violation
  '23503', // foreign_key_violation
  '23514', // check_violation
  '22003', // numeric_value_out_of_range
]);

/**
 * What a violated rule means for the client, keyed by the constraint's name
 * (`part_number_code_key`) or, for errors that name no constraint (a numeric
 * overflow), by the SQLSTATE (`22003`). The constraint's entry wins.
 */
export type Violations = Readonly<Record<string, UserError>>;

/**
 * The user error a failed statement stands for under `violations`: a
 * `Refusal`'s own errors, or the entry for a unique (23505), foreign-key
 * (23503) or check (23514) violation of a listed constraint, or a numeric
 * overflow (22003) when one is listed. Null for anything unexpected, which
 * must propagate (and be masked as an internal error).
 */
export function userErrorsOf(error: unknown, violations: Violations = {}): readonly UserError[] | null {
  if (error instanceof Refusal) return error.userErrors;
  const state = sqlState(error);
  if (state === undefined || !MAPPED_STATES.has(state)) return null;
  const rule = violations[violatedConstraint(error) ?? ''] ?? violations[state];
  return rule ? [rule] : null;
}

/**
 * Runs one command in one transaction. A `Refusal`, or an integrity error
 * listed in `violations` (the race the command's own checks cannot see, the
 * database's last line of defence), rolls the transaction back and becomes
 * `userErrors`; anything else propagates.
 */
export async function runCommand<T>(
  db: TransactionalDb,
  work: (tx: Queryable) => Promise<T>,
  violations: Violations = {},
): Promise<CommandResult<T>> {
  try {
    return { result: await db.transaction(work), userErrors: [] };
  } catch (error) {
    const userErrors = userErrorsOf(error, violations);
    if (userErrors) return { result: null, userErrors };
    throw error;
  }
}
