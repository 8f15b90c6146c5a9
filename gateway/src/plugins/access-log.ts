import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@inventory/platform';
import type { GatewayContext } from '../context.ts';
import { errorCodesOf, outcomeOf } from '../metrics.ts';

/**
 * One `info` line per GraphQL request: who called (the key's name or the
 * token's subject), which operation, how it ended and how long it took, under
 * the request id. Usage by key can be read from the logs as from the
 * metrics, without the metrics' bound on distinct callers. Off with
 * `LOG_LEVEL=warn`.
 */
export function accessLog(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, operation, operationName, response }) {
          const codes = errorCodesOf(response);
          logger.info('request', {
            requestId: contextValue.requestId,
            caller: contextValue.caller?.subject ?? null,
            operation: operationName ?? null,
            type: operation?.operation ?? null,
            outcome: outcomeOf(codes),
            codes: [...new Set(codes)],
            ms: Math.round(performance.now() - started),
          });
        },
      };
    },
  };
}
