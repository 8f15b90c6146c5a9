import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './context.ts';

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

/**
 * A fetcher on Node's built-in fetch: connections are kept alive and reused
 * (undici's pool), and every call is abandoned after `timeoutMs` so a hung
 * subgraph cannot hold client requests open forever (Apollo's default
 * fetcher has no timeout).
 */
export function createSubgraphFetcher(timeoutMs: number): Fetcher {
  return ((url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
}

/** Calls one subgraph, forwarding the request id so logs and audit correlate across processes. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context && 'requestId' in context && request.http) {
      request.http.headers.set('x-request-id', context.requestId);
    }
  }
}
