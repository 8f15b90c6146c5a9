import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.ts';

/**
 * Lets clients and their own caches keep a successful GET query for
 * `maxAgeSeconds`. The answer depends on the caller's key, so only private
 * caches may keep it, and it varies by the credential headers and by `Accept` (JSON or CSV).
 */
export function getCacheHeaders(maxAgeSeconds: number): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request }) {
      if (request.http?.method !== 'GET' || maxAgeSeconds === 0) return;
      return {
        async willSendResponse({ response, operation, errors }) {
          const failed = (errors?.length ?? 0) > 0 || (response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0);
          if (operation?.operation !== 'query' || failed) return;
          response.http.headers.set('cache-control', `private, max-age=${maxAgeSeconds}`);
          response.http.headers.set('vary', 'x-api-key, authorization, accept');
        },
      };
    },
  };
}
