import type { ApolloServerPlugin } from '@apollo/server';
import client from 'prom-client';
import { registerPoolGauge, type Database } from '@inventory/platform';
import type { GatewayContext } from './context.ts';

const MAX_OPERATION_NAMES = 200;

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
    help: 'GraphQL requests by operation name, operation type and outcome.',
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
  registerPoolGauge(registry, db);

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
        async willSendResponse({ operation, operationName, errors: requestErrors, response }) {
          const failed = (requestErrors?.length ?? 0) > 0 || (response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0);
          requestDuration.observe(
            { operation_name: labelOf(operationName), operation_type: operation?.operation ?? 'unknown', outcome: failed ? 'error' : 'success' },
            (performance.now() - started) / 1000,
          );
          const sent = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          for (const error of sent) errors.inc({ code: String(error.extensions?.code ?? 'UNKNOWN') });
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
