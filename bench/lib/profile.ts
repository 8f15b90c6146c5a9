import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { parse } from 'graphql';

interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
}

interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where a sampled function belongs, from its script URL and name. Order matters: first match wins. */
const CATEGORIES: readonly [category: string, test: (url: string, name: string) => boolean][] = [
  ['idle', (_url, name) => name === '(idle)'],
  ['profiler', (url) => url.includes('node:inspector')],
  ['garbage collection', (_url, name) => name === '(garbage collector)'],
  ['module loading (start-up)', (url, name) => url.includes('node:internal/modules') || url.includes('amaro') || name === 'wrapSafe' || name === 'compileSourceTextModule'],
  ['URL parsing', (url) => url === 'node:url' || url.includes('node:internal/url')],
  ['query planning', (url) => url.includes('@apollo/query-planner') || url.includes('@apollo/query-graphs')],
  ['federation internals', (url) => url.includes('@apollo/federation-internals')],
  ['gateway plan execution & result merging', (url) => url.includes('@apollo/gateway')],
  ['graphql parse', (url) => url.includes('/graphql/language/')],
  ['graphql validate', (url) => url.includes('/graphql/validation/')],
  ['graphql execute', (url) => url.includes('/graphql/execution/') || url.includes('/graphql/type/') || url.includes('/graphql/utilities/') || url.includes('/graphql/jsutils/')],
  ['apollo server', (url) => url.includes('@apollo/server') || url.includes('@apollo/utils') || url.includes('@apollo/subgraph')],
  ['JSON parse/stringify', (_url, name) => name === 'parse' || name === 'stringify' || name === 'JSON.parse' || name === 'JSON.stringify'],
  ['HTTP client to subgraphs (undici fetch)', (url, name) => url.includes('undici') || url.includes('webstreams') || name === 'TextDecoder' || name === 'set TextDecoder'],
  ['SQL driver (pg)', (url) => /node_modules\/pg(-protocol|-types|-pool)?\//.test(url)],
  ['dataloader', (url) => url.includes('dataloader')],
  ['express & body parsing', (url) => /node_modules\/(express|body-parser|raw-body|router|iconv-lite|type-is|on-finished)\//.test(url)],
  ['metrics & tracing', (url) => url.includes('prom-client') || url.includes('@opentelemetry')],
  ['hive gateway runtime', (url) => url.includes('@graphql-hive') || url.includes('@graphql-mesh') || url.includes('@graphql-tools') || url.includes('graphql-yoga') || url.includes('@whatwg-node') || url.includes('@envelop')],
  ['project code (gateway, platform, subgraphs)', (url) => /\/work\/main\/(gateway|platform|subgraphs|bench)\//.test(url) || /\/(gateway|platform|subgraphs)\/src\//.test(url)],
  ['socket reads & writes (native)', (url, name) => url === '' && /^(writev|writeUtf8String|writeBuffer|writeLatin1String|onStreamRead|shutdown|close)$/.test(name)],
  ['promises, timers & event loop', (url, name) => name === 'runMicrotasks' || /task_queues|timers|async_hooks|promise/.test(url)],
  ['diagnostics channels', (url) => url.includes('diagnostics_channel')],
  ['node HTTP server & sockets', (url) => /node:(_http|http|net|internal\/(http|stream|streams|net))|_http_/.test(url)],
  ['crypto (request signing)', (url, name) => url.includes('crypto') || name.includes('Hmac') || name.includes('Hash')],
  ['V8/native (program)', (_url, name) => name === '(program)' || name === '(root)'],
];

function categoryOf(node: CpuProfileNode): string {
  const { url, functionName } = node.callFrame;
  for (const [category, test] of CATEGORIES) if (test(url, functionName)) return category;
  return 'other node internals';
}

/** CPU time of one process by category, in ms per request (idle excluded), with its busy share. */
export interface ProcessProfile {
  readonly process: string;
  readonly busyMsPerRequest: number;
  readonly categories: readonly { category: string; msPerRequest: number; share: number }[];
}

/** Sums the self time of every sample of the `.cpuprofile` files in `dir` whose names start with `process`. */
export function summariseProfiles(dir: string, processNames: readonly string[], requests: number): ProcessProfile[] {
  const files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
  const summaries: ProcessProfile[] = [];
  for (const name of processNames) {
    const file = files.find((candidate) => candidate.startsWith(`${name}-`));
    if (!file) continue;
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, categoryOf(node)]));
    const totals = new Map<string, number>();
    profile.samples.forEach((nodeId, index) => {
      const category = byId.get(nodeId) ?? 'other node internals';
      totals.set(category, (totals.get(category) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
    });
    totals.delete('idle');
    totals.delete('profiler');
    const busy = [...totals.values()].reduce((sum, ms) => sum + ms, 0);
    summaries.push({
      process: name,
      busyMsPerRequest: Math.round((busy / requests) * 1000) / 1000,
      categories: [...totals]
        .sort((a, b) => b[1] - a[1])
        .map(([category, ms]) => ({ category, msPerRequest: Math.round((ms / requests) * 1000) / 1000, share: Math.round((ms / busy) * 1000) / 10 })),
    });
  }
  return summaries;
}

/** The query plan of an operation: its shape and what building it costs when not cached. */
export interface PlanSummary {
  readonly fetches: readonly string[];
  /** Sequential stages of subgraph calls (the federation hops a request waits for, one after another). */
  readonly sequentialStages: number;
  readonly coldPlanningMs: number;
  readonly warmPlanningMs: number;
}

function countStages(node: PlanNode | undefined): number {
  if (!node) return 0;
  switch (node.kind) {
    case 'Fetch':
      return 1;
    case 'Flatten':
      return countStages(node.node);
    case 'Sequence':
      return node.nodes.reduce((sum, child) => sum + countStages(child), 0);
    case 'Parallel':
      return Math.max(0, ...node.nodes.map(countStages));
    default:
      return 1;
  }
}

function fetchesOf(node: PlanNode | undefined, into: string[]): string[] {
  if (!node) return into;
  if (node.kind === 'Fetch') into.push(node.serviceName);
  else if (node.kind === 'Flatten') fetchesOf(node.node, into);
  else if (node.kind === 'Sequence' || node.kind === 'Parallel') for (const child of node.nodes) fetchesOf(child, into);
  return into;
}

/** Plans `document` with Apollo's query planner, the one this gateway runs, and times planning. */
export function planOf(supergraphSdl: string, document: string): PlanSummary {
  const started = performance.now();
  const supergraph = Supergraph.build(supergraphSdl);
  const planner = new QueryPlanner(supergraph);
  const parsed = parse(document);
  const plan: QueryPlan = planner.buildQueryPlan(operationFromDocument(supergraph.schema, parsed));
  const cold = performance.now() - started;
  const warmStarted = performance.now();
  const rounds = 10;
  for (let i = 0; i < rounds; i++) planner.buildQueryPlan(operationFromDocument(supergraph.schema, parsed));
  const warm = (performance.now() - warmStarted) / rounds;
  return {
    fetches: fetchesOf(plan.node as PlanNode | undefined, []),
    sequentialStages: countStages(plan.node as PlanNode | undefined),
    coldPlanningMs: Math.round(cold * 10) / 10,
    warmPlanningMs: Math.round(warm * 10) / 10,
  };
}

/** Sums and counts of the gateway's Prometheus histograms (request and subgraph fetch durations). */
export type HistogramTotals = Record<string, { sum: number; count: number }>;

export async function readGatewayHistograms(metricsUrl: string): Promise<HistogramTotals> {
  const text = await (await fetch(metricsUrl)).text();
  const totals: HistogramTotals = {};
  for (const match of text.matchAll(/^(graphql_request_duration_seconds|graphql_subgraph_fetch_duration_seconds)_(sum|count)\{([^}]*)\} ([0-9.e+-]+)$/gm)) {
    const [, metric, kind, labels, value] = match as unknown as [string, string, 'sum' | 'count', string, string];
    const subgraph = /subgraph="([^"]+)"/.exec(labels)?.[1];
    const operation = /operation_name="([^"]+)"/.exec(labels)?.[1];
    const key = metric.startsWith('graphql_subgraph') ? `fetch ${subgraph}` : `request ${operation}`;
    const entry = (totals[key] ??= { sum: 0, count: 0 });
    entry[kind] += Number(value);
  }
  return totals;
}

/** Mean milliseconds per observation of each histogram between two readings. */
export function meanMs(before: HistogramTotals, after: HistogramTotals): Record<string, { meanMs: number; count: number }> {
  const result: Record<string, { meanMs: number; count: number }> = {};
  for (const [key, total] of Object.entries(after)) {
    const count = total.count - (before[key]?.count ?? 0);
    if (count <= 0) continue;
    result[key] = { meanMs: Math.round(((total.sum - (before[key]?.sum ?? 0)) / count) * 1000 * 100) / 100, count };
  }
  return result;
}
