import type { GraphQLFormattedError } from 'graphql';
import { maskUnexpectedErrors } from '@inventory/platform';

/**
 * The gateway's `formatError`. Errors relayed from a subgraph were already
 * formatted (and masked) by that subgraph: they pass through, without the
 * `serviceName` the gateway adds, since clients must not depend on how the
 * graph is split. Everything raised in the gateway itself is masked unless
 * it is a deliberate `GraphQLError`.
 */
export function formatGatewayError() {
  const mask = maskUnexpectedErrors();
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (formatted.extensions && 'serviceName' in formatted.extensions) {
      const { serviceName: _serviceName, ...extensions } = formatted.extensions;
      return { ...formatted, extensions };
    }
    return mask(formatted, error);
  };
}
