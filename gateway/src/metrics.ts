import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import client from 'prom-client';
import { registerPoolGauge, type Database } from '@inventory/platform';
import type { GatewayContext } from './context.ts';

const MAX_OPERATION_NAMES = 200;
/** Callers (API keys, token subjects) given a label of their own; the rest are counted as `other`. */
const MAX_CALLERS = 200;

/** Codes that mean the client sent something wrong: the system worked, so they are not failures. */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_IN_LIST',
  'QUERY_NOT_IN_SAFELIST',
  'OPERATION_RESOLUTION_FAILURE',
  'PAYLOAD_TOO_LARGE',
]);

/** The code of every error a GraphQL response carries (`UNKNOWN` for one without). */
export function errorCodesOf(response: GraphQLResponse): string[] {
  const sent = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
  return sent.map((error) => String(error.extensions?.code ?? 'UNKNOWN'));
}

/** `success`, `client_error` when every error is the client's mistake, else `error`. */
export function outcomeOf(codes: readonly string[]): 'success' | 'client_error' | 'error' {
  if (codes.length === 0) return 'success';
  return codes.every((code) => CLIENT_ERROR_CODES.has(code)) ? 'client_error' : 'error';
}

/**
 * The gateway's Prometheus metrics, in a registry of its own: request
 * durations by operation and outcome, subgraph fetch durations, errors by
 * code, the database pool, and Node's process metrics.
 */
export function createMetrics(db: Database) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });

  const requestDuration = new client.Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL requests by operation name, operation type and outcome (success, client_error for requests refused for the client\'s own mistakes, error).',
    labelNames: ['operation_name', 'operation_type', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const subgraphDuration = new client.Histogram({
    name: 'graphql_subgraph_fetch_duration_seconds',
    help: 'Calls from the gateway to each subgraph, by outcome.',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const errors = new client.Counter({
    name: 'graphql_errors_total',
    help: 'Errors returned to clients, by code.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const requestsByCaller = new client.Counter({
    name: 'graphql_requests_by_caller_total',
    help: `GraphQL requests by caller (\`key:<name>\` for API keys, \`jwt:<subject>\` for tokens; past ${MAX_CALLERS} distinct callers, \`other\`) and outcome.`,
    labelNames: ['caller', 'outcome'] as const,
    registers: [registry],
  });
  registerPoolGauge(registry, db);
  const seenCallers = new Set<string>();
  const callerLabel = (subject: string | undefined) => {
    if (!subject) return 'anonymous';
    if (seenCallers.has(subject)) return subject;
    if (seenCallers.size >= MAX_CALLERS) return 'other';
    seenCallers.add(subject);
    return subject;
  };

  // Operation names come from clients: keep the label set bounded.
  const seenNames = new Set<string>();
  const labelOf = (name: string | null | undefined) => {
    if (!name) return 'anonymous';
    if (seenNames.has(name)) return name;
    if (seenNames.size >= MAX_OPERATION_NAMES || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
    seenNames.add(name);
    return name;
  };

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, operationName, response, contextValue }) {
          const codes = errorCodesOf(response);
          const outcome = outcomeOf(codes);
          requestDuration.observe(
            { operation_name: labelOf(operationName), operation_type: operation?.operation ?? 'unknown', outcome },
            (performance.now() - started) / 1000,
          );
          requestsByCaller.inc({ caller: callerLabel(contextValue.caller?.subject), outcome });
          for (const code of codes) errors.inc({ code });
        },
      };
    },
  };

  return {
    registry,
    plugin,
    /** Times one subgraph call. */
    observeSubgraphFetch(subgraph: string, seconds: number, outcome: 'success' | 'error') {
      subgraphDuration.observe({ subgraph, outcome }, seconds);
    },
    /** Counts an error answered before GraphQL ran (authentication, rate limit, safelist). */
    countRefusal(code: string) {
      errors.inc({ code });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
