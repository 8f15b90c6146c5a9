import { randomUUID } from 'node:crypto';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode } from '@apollo/query-planner';
import { parse } from 'graphql';
import { developmentSigningSecret, signRequest, type Caller } from '@inventory/platform';

/** One subgraph call of a query plan: where it goes, what it sends, and (for entity fetches) where its representations come from. */
interface DirectFetch {
  readonly serviceName: string;
  readonly operation: string;
  readonly variableUsages: readonly string[];
  /** Path to the entity in the earlier results; null for the root fetch. */
  readonly path: readonly string[] | null;
}

/**
 * The subgraph calls the query planner makes for `document`, as sequential
 * stages of parallel calls. Supports the plans of plain queries without
 * lists on entity paths (the headline's shape); throws on anything else.
 */
export function directStagesOf(supergraphSdl: string, document: string): DirectFetch[][] {
  const supergraph = Supergraph.build(supergraphSdl);
  const plan = new QueryPlanner(supergraph).buildQueryPlan(operationFromDocument(supergraph.schema, parse(document)));
  const fetchOf = (node: PlanNode, path: readonly string[] | null): DirectFetch => {
    if (node.kind === 'Flatten') return fetchOf(node.node, node.path.map(String));
    if (node.kind !== 'Fetch') throw new Error(`unsupported plan node ${node.kind}`);
    if (path?.includes('@')) throw new Error('entity paths through lists are not supported');
    return { serviceName: node.serviceName, operation: node.operation, variableUsages: node.variableUsages ?? [], path };
  };
  const stageOf = (node: PlanNode): DirectFetch[] => (node.kind === 'Parallel' ? node.nodes.map((child) => fetchOf(child, null)) : [fetchOf(node, null)]);
  const root = plan.node as PlanNode | undefined;
  if (!root) return [];
  return root.kind === 'Sequence' ? root.nodes.map(stageOf) : [stageOf(root)];
}

/**
 * Makes the planned subgraph calls directly, without a gateway: each stage
 * in parallel, entity calls with the representations the earlier stages
 * returned, every call signed as the gateway signs it. What is left of a
 * federated request once the gateway's own work is taken away.
 */
export function createDirectCaller(stages: readonly DirectFetch[][], urls: Record<string, string>) {
  const caller: Caller = { subject: 'bench-direct', roles: ['admin'] };
  const timings = new Map<string, { ms: number; calls: number }>();
  const call = async (fetchNode: DirectFetch, variables: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const started = performance.now();
    const body = JSON.stringify({ query: fetchNode.operation, variables });
    const headers = { 'content-type': 'application/json', ...signRequest(developmentSigningSecret(fetchNode.serviceName), { caller, requestId: randomUUID() }, body) };
    const response = await fetch(urls[fetchNode.serviceName]!, { method: 'POST', headers, body });
    const result = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (!response.ok || result.errors) throw new Error(`${fetchNode.serviceName} answered ${response.status}: ${JSON.stringify(result.errors ?? result).slice(0, 300)}`);
    const key = `${fetchNode.serviceName}${fetchNode.path ? ` ${fetchNode.path.join('.')}` : ''}`;
    const timing = timings.get(key) ?? { ms: 0, calls: 0 };
    timing.ms += performance.now() - started;
    timing.calls++;
    timings.set(key, timing);
    return result.data ?? {};
  };
  const run = async (variables: Record<string, unknown>): Promise<void> => {
    const root: Record<string, unknown> = {};
    for (const stage of stages) {
      await Promise.all(stage.map(async (fetchNode) => {
        const used = Object.fromEntries(fetchNode.variableUsages.map((name) => [name, variables[name]]));
        if (fetchNode.path === null) {
          Object.assign(root, await call(fetchNode, used));
          return;
        }
        const entity = fetchNode.path.reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], root) as Record<string, unknown> | null;
        if (!entity) return;
        await call(fetchNode, { ...used, representations: [{ __typename: entity.__typename, id: entity.id }] });
      }));
    }
  };
  return {
    run,
    /** Mean milliseconds of each planned call (subgraph and entity path) since the last reset. */
    meanCallMs: () => Object.fromEntries([...timings].map(([key, { ms, calls }]) => [key, Math.round((ms / calls) * 100) / 100])),
    reset: () => timings.clear(),
  };
}

/** Latency percentiles of `count` requests sent one after another (no queueing anywhere). */
export async function sequentialLatency(count: number, send: (n: number) => Promise<void>): Promise<{ p50: number; p90: number; mean: number }> {
  const latencies: number[] = [];
  for (let n = 0; n < count; n++) {
    const started = performance.now();
    await send(n);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]! * 100) / 100;
  return { p50: at(0.5), p90: at(0.9), mean: Math.round((latencies.reduce((sum, value) => sum + value, 0) / latencies.length) * 100) / 100 };
}
