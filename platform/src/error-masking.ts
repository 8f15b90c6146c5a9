import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import type { Logger } from './logger.ts';

/**
 * An Apollo `formatError` that passes deliberate errors through (anything
 * raised as a `GraphQLError`: validation, `BAD_USER_INPUT`, `FORBIDDEN`) and
 * replaces everything else with a generic `INTERNAL_SERVER_ERROR`, logging
 * the original. Clients never see SQL, stack traces or internal messages.
 */
export function maskUnexpectedErrors(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof GraphQLError) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error('unexpected error', { error: original, path: formatted.path });
    return {
      message: 'Internal server error.',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
