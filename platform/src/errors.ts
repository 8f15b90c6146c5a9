import { GraphQLError } from 'graphql';

/**
 * Codes for domain refusals returned in a payload's `userErrors`. Clients
 * branch on these; they never change meaning once published.
 */
export type UserErrorCode =
  | 'NOT_FOUND'
  | 'DUPLICATE'
  | 'INVALID_TRANSITION'
  | 'INSUFFICIENT_STOCK'
  | 'INVALID_VALUE'
  | 'CONFLICT'
  | 'SELF_APPROVAL'
  | 'NOT_ALLOWED_AT_LEVEL'
  | 'REPEATED_APPROVER'
  | 'DELEGATION_CYCLE'
  | 'NOT_OWNER'
  | 'COUNT_IN_PROGRESS'
  | 'NOT_YET_AVAILABLE'
  | 'APPROVAL_REQUIRED';

/** A domain refusal: data in a mutation payload, not a top-level error. */
export interface UserError {
  readonly field: readonly string[] | null;
  readonly message: string;
  readonly code: UserErrorCode;
}

export function userError(code: UserErrorCode, message: string, field: readonly string[] | null = null): UserError {
  return { code, message, field };
}

/** Malformed arguments: a top-level error with `extensions.code = BAD_USER_INPUT`. */
export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argumentName: argument } : {}) },
  });
}

/** The caller is not authenticated. */
export function unauthenticated(message = 'Authentication required.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

/** The caller is authenticated but may not do this. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}
