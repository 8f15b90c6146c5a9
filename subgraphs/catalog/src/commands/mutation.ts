import { sqlState, userError, violatedConstraint, type Caller, type Database, type Queryable, type UserError } from '@inventory/platform';

/** Who makes a change and in which request: what the audit trail and the outbox record. */
export interface Actor {
  readonly caller: Caller;
  readonly requestId: string;
}

/** What every catalog mutation returns: the changed object, or why it was refused. */
export interface MutationResult<T> {
  readonly result: T | null;
  readonly userErrors: readonly UserError[];
}

/**
 * Thrown inside a mutation's transaction to refuse it: the transaction rolls
 * back, so nothing half-written stays behind, and the errors become the
 * payload's `userErrors`.
 */
export class Refusal extends Error {
  readonly userErrors: readonly UserError[];
  constructor(userErrors: readonly UserError[]) {
    super(userErrors.map((error) => error.message).join(' '));
    this.userErrors = userErrors;
  }
}

/** Refuses with these errors when there are any. */
export function refuseIf(errors: readonly UserError[]): void {
  if (errors.length > 0) throw new Refusal(errors);
}

/** Refuses with one `NOT_FOUND` naming `field`. */
export function notFound(what: string, id: string, field: readonly string[]): Refusal {
  return new Refusal([userError('NOT_FOUND', `No ${what} has the id ${id}.`, field)]);
}

/** How a unique constraint's violation is told to the client. */
export interface DuplicateRule {
  readonly field: readonly string[];
  readonly message: string;
}

/**
 * Runs `work` in one transaction and turns its refusals, and violations of
 * the unique constraints named in `duplicates` (a race the checks cannot
 * see), into `userErrors`. Anything else propagates.
 */
export async function runMutation<T>(
  db: Database,
  work: (tx: Queryable) => Promise<T>,
  duplicates: Readonly<Record<string, DuplicateRule>> = {},
): Promise<MutationResult<T>> {
  try {
    return { result: await db.transaction(work), userErrors: [] };
  } catch (error) {
    if (error instanceof Refusal) return { result: null, userErrors: error.userErrors };
    const rule = sqlState(error) === '23505' ? duplicates[violatedConstraint(error) ?? ''] : undefined;
    if (rule) return { result: null, userErrors: [userError('DUPLICATE', rule.message, rule.field)] };
    throw error;
  }
}
