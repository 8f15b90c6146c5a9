import {
  sqlState,
  userError,
  violatedConstraint,
  type Caller,
  type Database,
  type Queryable,
  type UserError,
  type UserErrorCode,
} from '@inventory/platform';

/** A user error as the payloads carry it (the platform's type; the SDL enum lists the codes this subgraph uses). */
export type UserErrorRow = UserError;

/** Who asks for a change, as the audit trail records it. */
export interface Actor {
  readonly caller: Caller;
  readonly requestId: string;
}

/** A domain refusal raised inside a transaction, so everything written before it rolls back. */
export class Refusal extends Error {
  readonly userErrors: readonly UserError[];
  constructor(userErrors: readonly UserError[]) {
    super(userErrors.map((error) => error.message).join(' '));
    this.userErrors = userErrors;
  }
}

/** Throws a `Refusal` with one user error. */
export function refuse(code: UserErrorCode, message: string, field: readonly string[] | null = null): never {
  throw new Refusal([userError(code, message, field)]);
}

/** What an integrity error on a named constraint means for the client. */
export type ConstraintErrors = Readonly<Record<string, UserError>>;

/**
 * Runs one mutation in one transaction. A `Refusal`, or a unique (23505) or
 * foreign-key (23503) violation of a constraint listed in `constraints`,
 * rolls the transaction back and becomes the payload's `userErrors`;
 * anything else propagates.
 */
export async function runCommand<Result>(
  db: Database,
  constraints: ConstraintErrors,
  work: (tx: Queryable) => Promise<Result>,
): Promise<{ result: Result | null; userErrors: readonly UserError[] }> {
  try {
    return { result: await db.transaction(work), userErrors: [] };
  } catch (error) {
    if (error instanceof Refusal) return { result: null, userErrors: error.userErrors };
    const state = sqlState(error);
    const known = constraints[violatedConstraint(error) ?? ''];
    if ((state === '23505' || state === '23503') && known) return { result: null, userErrors: [known] };
    throw error;
  }
}
