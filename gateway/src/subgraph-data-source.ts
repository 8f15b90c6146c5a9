import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, Kind, parse, type GraphQLFormattedError, type SelectionSetNode } from 'graphql';
import { randomUUID } from 'node:crypto';
import CircuitBreaker from 'opossum';
import { Agent, request } from 'undici';
import { injectTraceContext, signRequest, type Logger, type SignedIdentity } from '@inventory/platform';
import type { GatewayContext } from './context.ts';

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

export interface SubgraphFetcherOptions {
  /** Names the subgraph in logs. */
  readonly name: string;
  readonly timeoutMs: number;
  /** How long an open circuit fails fast before one request probes the subgraph again. */
  readonly breakerResetMs: number;
  readonly signingSecret: string;
  readonly logger: Logger;
  /** Told how long each call took and whether it got an HTTP answer. */
  readonly observe?: (seconds: number, outcome: 'success' | 'error') => void;
}

/** Calls timing out one after the other that open a subgraph's circuit, whatever it answered before them. */
const TIMEOUTS_IN_A_ROW_TO_OPEN = 5;

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
 * (`SUBGRAPH_UNAVAILABLE`, `SUBGRAPH_TIMEOUT`); the cause is logged. A
 * circuit breaker per subgraph stops waiting on one that keeps failing.
 */
export function createSubgraphFetcher({ name, timeoutMs, breakerResetMs, signingSecret, logger, observe }: SubgraphFetcherOptions): Fetcher {
  const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 128 });
  // A subgraph that keeps timing out or refusing connections is not waited
  // for again and again: after half of at least five calls in ten seconds
  // failed, calls fail fast with SUBGRAPH_UNAVAILABLE, and after
  // `breakerResetMs` one call probes whether it answers again. Only failures
  // to answer count; an HTTP answer, even an error, proves it is there.
  const breaker = new CircuitBreaker((url: string, options: Parameters<typeof request>[1]) => request(url, options), {
    timeout: false,
    errorThresholdPercentage: 50,
    volumeThreshold: 5,
    rollingCountTimeout: 10_000,
    resetTimeout: breakerResetMs,
  });
  // A hung subgraph fails every call, but only once each has waited out the
  // timeout; the answers it gave just before it hung can still fill the
  // rolling window then (the window is as long as the default timeout), so
  // the percentage alone may never open the circuit. Calls that time out one
  // after the other, with no answer between them, open it too. (A refused
  // connection fails at once: no need to stop waiting for it, and a process
  // taken over by its standby is back before a probe would be.)
  let timedOutInARow = 0;
  breaker.on('success', () => (timedOutInARow = 0));
  breaker.on('failure', (error: Error) => {
    if (error.name !== 'TimeoutError' && error.name !== 'AbortError') return;
    timedOutInARow++;
    if (timedOutInARow >= TIMEOUTS_IN_A_ROW_TO_OPEN && breaker.closed) breaker.open();
  });
  breaker.on('open', () => logger.warn('subgraph circuit opened: failing fast', { subgraph: name }));
  breaker.on('halfOpen', () => logger.info('subgraph circuit half-open: probing', { subgraph: name }));
  breaker.on('close', () => logger.info('subgraph circuit closed: answering again', { subgraph: name }));
  const fetcher = async (url: string, init: RequestInit & { headers: Record<string, string> }) => {
    const body = typeof init.body === 'string' ? init.body : '';
    const headers = injectTraceContext(signedHeaders(init.headers, signingSecret, body));
    const started = performance.now();
    try {
      const response = await breaker.fire(url, {
        method: (init.method ?? 'POST') as 'POST',
        headers,
        body,
        dispatcher: agent,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.body.text();
      const answer = new SubgraphResponse(url, response.statusCode, response.headers, text);
      // A GraphQL refusal of the request (bad variables) is the subgraph working as it should.
      observe?.((performance.now() - started) / 1000, answer.ok || refusedErrorsOf(answer.status, text) ? 'success' : 'error');
      return answer;
    } catch (error) {
      observe?.((performance.now() - started) / 1000, 'error');
      if (CircuitBreaker.isOurError(error as Error)) throw new SubgraphFailure('SUBGRAPH_UNAVAILABLE', 'A backing service is unavailable.');
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      logger.warn(timedOut ? 'subgraph call timed out' : 'subgraph call failed', { url, timeoutMs, error });
      throw timedOut
        ? new SubgraphFailure('SUBGRAPH_TIMEOUT', 'A backing service did not answer in time.')
        : new SubgraphFailure('SUBGRAPH_UNAVAILABLE', 'A backing service is unavailable.');
    }
  };
  return fetcher as unknown as Fetcher;
}

/** A backing service failed to answer a fetch: it could not be reached, timed out, or answered with something other than GraphQL. */
class SubgraphFailure extends GraphQLError {
  readonly code: 'SUBGRAPH_UNAVAILABLE' | 'SUBGRAPH_TIMEOUT' | 'SUBGRAPH_ERROR';
  constructor(code: SubgraphFailure['code'], message: string) {
    super(message, { extensions: { code } });
    this.code = code;
  }
}

/** A subgraph refused the request with GraphQL errors of its own (HTTP 400: variables it cannot coerce, a document it cannot run). */
class SubgraphRefusal extends GraphQLError {
  readonly errors: readonly GraphQLFormattedError[];
  constructor(errors: readonly GraphQLFormattedError[]) {
    super(errors.map((error) => error.message).join(' '));
    this.errors = errors;
  }
}

/**
 * The GraphQL errors of a 400 answer, when its body is a GraphQL response
 * with errors and no data (how Apollo Server refuses bad variables); null
 * for anything else, which is a failure of the service.
 */
function refusedErrorsOf(status: number, body: string): GraphQLFormattedError[] | null {
  if (status !== 400) return null;
  try {
    const parsed = JSON.parse(body) as { errors?: unknown; data?: unknown };
    const errors = parsed.errors;
    if (parsed.data !== undefined && parsed.data !== null) return null;
    if (!Array.isArray(errors) || errors.length === 0) return null;
    if (!errors.every((error) => typeof error === 'object' && error !== null && typeof error.message === 'string')) return null;
    return errors as GraphQLFormattedError[];
  } catch {
    return null;
  }
}

/**
 * The response paths a fetch would have filled, in the form the gateway
 * maps onto the client's response: each root field's key for a root fetch;
 * `_entities.<i>.<field>` for every representation and selected field of an
 * entity fetch (the gateway turns these into the entity's own path).
 */
export function pathsOfFetch(query: string, variables: Record<string, unknown> | undefined): (string | number)[][] {
  const document = parse(query, { noLocation: true });
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  const keys = (selectionSet: SelectionSetNode): string[] =>
    selectionSet.selections.flatMap((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === '__typename' ? [] : [selection.alias?.value ?? selection.name.value];
      if (selection.kind === Kind.INLINE_FRAGMENT) return keys(selection.selectionSet);
      return [];
    });
  const roots = operation.selectionSet.selections.filter((selection) => selection.kind === Kind.FIELD);
  const entities = roots.find((field) => field.name.value === '_entities');
  if (!entities?.selectionSet) return keys(operation.selectionSet).map((key) => [key]);
  const count = Array.isArray(variables?.representations) ? variables.representations.length : 0;
  const fields = [...new Set(keys(entities.selectionSet))];
  return Array.from({ length: count }, (_, index) => fields.map((field) => ['_entities', index, field])).flat();
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
   * Answers the fetch, turning failures into GraphQL errors on the paths the
   * fetch leaves empty, so the gateway merges them like any subgraph error:
   * a subgraph's own refusal keeps its message and code (`BAD_USER_INPUT`)
   * and gains the path of the field it refused; a failure of the service
   * becomes `SUBGRAPH_*` on every path it leaves empty. Other parts of the
   * response still answer.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    try {
      return await super.process(options);
    } catch (error) {
      if (!(error instanceof SubgraphFailure) && !(error instanceof SubgraphRefusal)) throw error;
      const paths = pathsOfFetch(options.request.query ?? '', options.request.variables);
      if (error instanceof SubgraphRefusal) {
        return { errors: error.errors.map((refusal) => (refusal.path || paths.length === 0 ? refusal : { ...refusal, path: paths[0] })) };
      }
      const failure = { message: error.message, extensions: { code: error.code } };
      return { errors: paths.length === 0 ? [failure] : paths.map((path) => ({ ...failure, path })) };
    }
  }

  /**
   * A subgraph answered with an HTTP error. Apollo's default puts the
   * subgraph's URL, status and body into the client's error. A GraphQL
   * refusal (HTTP 400 with errors) is relayed as the subgraph wrote it;
   * anything else gets a stable code, and the details go to the log.
   */
  override async errorFromResponse(response: Awaited<ReturnType<Fetcher>>): Promise<GraphQLError> {
    const body = await response.text().catch(() => '');
    const refused = refusedErrorsOf(response.status, body);
    if (refused) return new SubgraphRefusal(refused);
    this.#logger.error('subgraph answered with an HTTP error', { url: response.url, status: response.status, body: body.slice(0, 2_000) });
    return new SubgraphFailure('SUBGRAPH_ERROR', `A backing service failed (HTTP ${response.status}).`);
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
