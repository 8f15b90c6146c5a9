import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { injectTraceContext, signRequest, type Logger, type SignedIdentity } from '@inventory/platform';
import type { GatewayContext } from './context.ts';

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

export interface SubgraphFetcherOptions {
  readonly timeoutMs: number;
  readonly signingSecret: string;
  readonly logger: Logger;
  /** Told how long each call took and whether it got an HTTP answer. */
  readonly observe?: (seconds: number, outcome: 'success' | 'error') => void;
}

/** The part of a fetch `Response` that Apollo's data source reads. */
class SubgraphResponse {
  readonly ok: boolean;
  readonly statusText = '';
  readonly url: string;
  readonly status: number;
  readonly headers: { get(name: string): string | null; has(name: string): boolean };
  readonly #body: string;

  constructor(url: string, status: number, headers: Record<string, string | string[] | undefined>, body: string) {
    this.url = url;
    this.status = status;
    this.ok = status >= 200 && status < 300;
    this.#body = body;
    const value = (name: string) => {
      const raw = headers[name.toLowerCase()];
      return raw === undefined ? null : Array.isArray(raw) ? raw.join(', ') : raw;
    };
    this.headers = { get: value, has: (name) => value(name) !== null };
  }

  async text(): Promise<string> {
    return this.#body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.#body);
  }
}

/**
 * The gateway's HTTP client for one subgraph, on undici's `request` (the
 * engine under Node's fetch, without the WHATWG streams and objects that made
 * fetch the gateway's largest CPU cost under load). Connections are kept
 * alive and pooled; every call is abandoned after `timeoutMs`, so a hung
 * subgraph cannot hold client requests open forever (Apollo's default
 * fetcher has no timeout). A subgraph that cannot be reached or does not
 * answer in time becomes an error with a stable code for the client
 * (`SUBGRAPH_UNAVAILABLE`, `SUBGRAPH_TIMEOUT`); the cause is logged.
 */
export function createSubgraphFetcher({ timeoutMs, signingSecret, logger, observe }: SubgraphFetcherOptions): Fetcher {
  const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 128 });
  const fetcher = async (url: string, init: RequestInit & { headers: Record<string, string> }) => {
    const body = typeof init.body === 'string' ? init.body : '';
    const headers = injectTraceContext(signedHeaders(init.headers, signingSecret, body));
    const started = performance.now();
    try {
      const response = await request(url, {
        method: (init.method ?? 'POST') as 'POST',
        headers,
        body,
        dispatcher: agent,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.body.text();
      const answer = new SubgraphResponse(url, response.statusCode, response.headers, text);
      observe?.((performance.now() - started) / 1000, answer.ok ? 'success' : 'error');
      return answer;
    } catch (error) {
      observe?.((performance.now() - started) / 1000, 'error');
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      logger.warn(timedOut ? 'subgraph call timed out' : 'subgraph call failed', { url, timeoutMs, error });
      throw new GraphQLError(timedOut ? 'A backing service did not answer in time.' : 'A backing service is unavailable.', {
        extensions: { code: timedOut ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE' },
      });
    }
  };
  return fetcher as unknown as Fetcher;
}

const CALLER_HEADER = 'x-inventory-caller';

/**
 * Replaces the caller placeholder set by `willSendRequest` with the signed
 * identity headers, now that the exact body is known.
 */
function signedHeaders(headers: Record<string, string>, secret: string, body: string): Record<string, string> {
  const { [CALLER_HEADER]: encoded, ...rest } = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  if (!encoded) return rest;
  const identity = JSON.parse(encoded) as SignedIdentity;
  return { ...rest, ...signRequest(secret, identity, body) };
}

/**
 * Calls one subgraph on behalf of the caller. The identity travels to the
 * fetcher, which signs it together with the body (Apollo serialises the body
 * only after this hook runs).
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly #logger: Logger;

  constructor(config: NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0]> & { logger: Logger }) {
    const { logger, ...rest } = config;
    super(rest);
    this.#logger = logger;
  }

  /**
   * A subgraph answered with an HTTP error. Apollo's default puts the
   * subgraph's URL, status and body into the client's error; the client gets
   * a stable code instead, and the details go to the log.
   */
  override async errorFromResponse(response: Awaited<ReturnType<Fetcher>>): Promise<GraphQLError> {
    const body = await response.text().catch(() => '');
    this.#logger.error('subgraph answered with an HTTP error', { url: response.url, status: response.status, body: body.slice(0, 2_000) });
    return new GraphQLError(`A backing service failed (HTTP ${response.status}).`, { extensions: { code: 'SUBGRAPH_ERROR' } });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!request.http) return;
    if (context && 'caller' in context && context.caller) {
      const identity: SignedIdentity = { caller: context.caller, requestId: context.requestId };
      request.http.headers.set(CALLER_HEADER, JSON.stringify(identity));
    } else {
      // Apollo's own calls outside a client request (none with a static
      // supergraph) travel as the gateway itself.
      request.http.headers.set(CALLER_HEADER, JSON.stringify({ caller: { subject: 'gateway', roles: [] }, requestId: randomUUID() }));
    }
  }
}
