import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { Logger } from '@inventory/platform';
import type { GatewayContext } from './context.ts';

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

/**
 * A fetcher on Node's built-in fetch: connections are kept alive and reused
 * (undici's pool), and every call is abandoned after `timeoutMs` so a hung
 * subgraph cannot hold client requests open forever (Apollo's default
 * fetcher has no timeout). A subgraph that cannot be reached or does not
 * answer in time becomes an error with a stable code for the client
 * (`SUBGRAPH_UNAVAILABLE`, `SUBGRAPH_TIMEOUT`); the cause is logged.
 */
export function createSubgraphFetcher(timeoutMs: number, logger: Logger): Fetcher {
  const fetcher = async (url: string, init: RequestInit) => {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      logger.warn(timedOut ? 'subgraph call timed out' : 'subgraph call failed', { url, timeoutMs, error });
      throw new GraphQLError(timedOut ? 'A backing service did not answer in time.' : 'A backing service is unavailable.', {
        extensions: { code: timedOut ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE' },
      });
    }
  };
  return fetcher as unknown as Fetcher;
}

/** Calls one subgraph, forwarding the request id so logs and audit correlate across processes. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context && 'requestId' in context && request.http) {
      request.http.headers.set('x-request-id', context.requestId);
    }
  }
}
