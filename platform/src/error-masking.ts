import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { isDatabaseUnavailable, StatementCancelledError } from './database.ts';
import type { Logger } from './logger.ts';

/** Whether an error was raised on purpose (validation, `BAD_USER_INPUT`, `FORBIDDEN`, ...) rather than by a fault. */
export function isDeliberate(error: unknown): boolean {
  return unwrapResolverError(error) instanceof GraphQLError;
}

/** The message and code a client gets while the database cannot be reached: retryable, unlike an internal error. */
export const SERVICE_UNAVAILABLE = { message: 'The service cannot reach its database right now; retry shortly.', code: 'SERVICE_UNAVAILABLE' } as const;

/**
 * An Apollo `formatError` that passes deliberate errors through, turns a
 * lost database into the retryable `SERVICE_UNAVAILABLE`, and replaces
 * everything else with a generic `INTERNAL_SERVER_ERROR`. Clients never see
 * SQL, stack traces or internal messages; `logUnexpectedErrors` logs them.
 */
export function maskUnexpectedErrors() {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (isDeliberate(error)) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const where = { ...(formatted.path ? { path: formatted.path } : {}), ...(formatted.locations ? { locations: formatted.locations } : {}) };
    if (isDatabaseUnavailable(unwrapResolverError(error))) {
      return { message: SERVICE_UNAVAILABLE.message, ...where, extensions: { code: SERVICE_UNAVAILABLE.code } };
    }
    return {
      message: 'Internal server error.',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/** Logs every unexpected error with the request id and caller, so a masked error can be found in the logs. */
export function logUnexpectedErrors<Context extends BaseContext & { requestId?: string; caller?: { subject: string } }>(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (isDeliberate(error)) continue;
            // The caller gave up on this request; nobody will read its answer.
            if (unwrapResolverError(error) instanceof StatementCancelledError) continue;
            if (isDatabaseUnavailable(unwrapResolverError(error))) {
              logger.warn('database unavailable', { requestId: contextValue.requestId, operationName, path: error.path, error: unwrapResolverError(error) });
              continue;
            }
            logger.error('unexpected error', {
              requestId: contextValue.requestId,
              caller: contextValue.caller?.subject,
              operationName,
              path: error.path,
              error: unwrapResolverError(error),
            });
          }
        },
      };
    },
  };
}
