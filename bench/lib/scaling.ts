/**
 * Does the headline slow down as the data grows? Compared like for like:
 *
 * - the same answers: the demo dataset's assets differ from the large
 *   dataset's (fewer relationships, shallower locations, fewer movements),
 *   so comparing those two mixes answer size with data size. Here the large
 *   dataset is compared with the same generator at 1% of the scale: the
 *   same shape of data (six-level location tree, movements per part,
 *   relationships per CI...), a hundredth of the rows. The mean answer size
 *   of each side is reported to show it.
 * - the same cache footing: both sides cycle over the same number of
 *   assets (those with a CI).
 * - the same process state: both systems (four subgraphs and this gateway
 *   each) run side by side, each is warmed up, and the measured runs
 *   alternate 1%, full, 1%, full; each side's figure is the median of its
 *   rounds. Drift on a shared machine hits both alike.
 *
 * Reported both under load (fixed concurrency) and one request at a time
 * (no queueing: what one request costs).
 */
import pg from 'pg';
import { ASSET_OVERVIEW_SQL } from '../floor/queries.ts';
import { prepareDatabase, type BenchCluster } from './cluster.ts';
import type { BenchConfig } from './config.ts';
import { sequentialLatency } from './hops.ts';
import { postGraphQL, runLoad, type LoadResult } from './load.ts';
import { BENCH_HEADERS, OPERATIONS, readFixtures, requestBody } from './operations.ts';
import { startGateway, startSubgraphs, type RunningProcesses } from './targets.ts';

/** Mean length of the AssetOverview answers for these assets, from the floor's one statement. */
async function meanAnswerBytes(databaseUrl: string, ids: readonly string[]): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-scaling' });
  await client.connect();
  try {
    let bytes = 0;
    for (const id of ids) bytes += (await client.query<{ body: string }>(ASSET_OVERVIEW_SQL, [id])).rows[0]?.body.length ?? 0;
    return Math.round(bytes / Math.max(1, ids.length));
  } finally {
    await client.end();
  }
}

type Latency = { p50: number; p90: number; mean: number };

export interface ScalingSide {
  /** How many assets the runs cycle over, and their mean answer length. */
  readonly assets: number;
  readonly meanAnswerBytes: number;
  readonly rounds: readonly LoadResult[];
  readonly oneAtATimeRounds: readonly Latency[];
  /** Medians over the rounds. */
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly oneAtATimeP50: number;
}

export interface ScalingResult {
  readonly rounds: number;
  /** The large generator at 1% of the scale. */
  readonly onePercent: ScalingSide;
  readonly full: ScalingSide;
  readonly p50FullOverOnePercent: number;
  readonly p99FullOverOnePercent: number;
  readonly throughputFullOverOnePercent: number;
  readonly oneAtATimeP50FullOverOnePercent: number;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const round = (value: number) => Math.round(value * 100) / 100;

type Side = 'onePercent' | 'full';
const SIDES: readonly Side[] = ['onePercent', 'full'];

/** Runs the like-for-like comparison (see the module comment) between the large dataset and the same generator at 1%. */
export async function compareScaling(
  config: BenchConfig,
  urls: Record<Side, string>,
  log: (text: string) => void,
  rounds = 2,
): Promise<ScalingResult> {
  const fixtures = { onePercent: await readFixtures(urls.onePercent), full: await readFixtures(urls.full) };
  const count = Math.min(fixtures.onePercent.assetIds.length, fixtures.full.assetIds.length);
  const ids = { onePercent: fixtures.onePercent.assetIds.slice(0, count), full: fixtures.full.assetIds.slice(0, count) };
  const bytes = { onePercent: await meanAnswerBytes(urls.onePercent, ids.onePercent), full: await meanAnswerBytes(urls.full, ids.full) };
  log(`[scaling] headline over ${count} assets on each side; mean answer ${bytes.onePercent} bytes at 1% scale, ${bytes.full} bytes at full scale`);
  const headline = OPERATIONS.find((operation) => operation.name === 'headline')!;
  const bodyFor = (side: Side) => requestBody(headline, { ...fixtures[side], assetIds: ids[side] }, 'scaling');
  // Every process started is stopped, whatever fails after it started.
  const started: RunningProcesses[] = [];
  const gateways: Partial<Record<Side, RunningProcesses>> = {};
  try {
    for (const side of SIDES) {
      const options = { databaseUrl: urls[side], poolSize: config.poolSize };
      const subgraphs = await startSubgraphs(options);
      started.push(subgraphs);
      const gateway = await startGateway(options, subgraphs.urls);
      started.push(gateway);
      gateways[side] = gateway;
    }
    const measured: Record<Side, { loads: LoadResult[]; oneAtATime: Latency[] }> = { onePercent: { loads: [], oneAtATime: [] }, full: { loads: [], oneAtATime: [] } };
    for (const side of SIDES) {
      await runLoad({ url: gateways[side]!.url, connections: config.connections, seconds: Math.max(5, config.warmupSeconds), headers: BENCH_HEADERS, body: bodyFor(side) });
    }
    for (let n = 0; n < rounds; n++) {
      for (const side of SIDES) {
        const url = gateways[side]!.url;
        const body = bodyFor(side);
        const load = await runLoad({ url, connections: config.connections, seconds: config.durationSeconds, headers: BENCH_HEADERS, body });
        const oneAtATime = await sequentialLatency(Math.max(50, config.sequentialRequests), async (k) => {
          await postGraphQL(url, BENCH_HEADERS, body(k));
        });
        measured[side].loads.push(load);
        measured[side].oneAtATime.push(oneAtATime);
        log(`[scaling] round ${n + 1}, ${side === 'full' ? 'full scale' : '1% scale'}: ${load.requestsPerSecond} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, ${load.errors} errors; one at a time p50 ${oneAtATime.p50} ms`);
      }
    }
    const summarise = (side: Side): ScalingSide => ({
      assets: count,
      meanAnswerBytes: bytes[side],
      rounds: measured[side].loads,
      oneAtATimeRounds: measured[side].oneAtATime,
      requestsPerSecond: round(median(measured[side].loads.map((load) => load.requestsPerSecond))),
      p50: round(median(measured[side].loads.map((load) => load.latencyMs.p50))),
      p99: round(median(measured[side].loads.map((load) => load.latencyMs.p99))),
      oneAtATimeP50: round(median(measured[side].oneAtATime.map((latency) => latency.p50))),
    });
    const onePercent = summarise('onePercent');
    const full = summarise('full');
    return {
      rounds,
      onePercent,
      full,
      p50FullOverOnePercent: round(full.p50 / onePercent.p50),
      p99FullOverOnePercent: round(full.p99 / onePercent.p99),
      throughputFullOverOnePercent: round(full.requestsPerSecond / onePercent.requestsPerSecond),
      oneAtATimeP50FullOverOnePercent: round(full.oneAtATimeP50 / onePercent.oneAtATimeP50),
    };
  } finally {
    for (const running of started.reverse()) await running.stop();
  }
}

/**
 * Builds (once per data folder) the large generator at 1% of the benchmark's
 * scale beside the full one, and compares the two.
 */
export async function measureScaling(
  config: BenchConfig,
  cluster: BenchCluster,
  fullUrl: string,
  log: (text: string) => void,
): Promise<ScalingResult & { onePercentLoadSeconds: number | null }> {
  const prepared = await prepareDatabase(cluster.serverUrl, 'bench_large_1pct', 'large', config.scale / 100, log);
  const result = await compareScaling(config, { onePercent: prepared.url, full: fullUrl }, log, config.scalingRounds);
  return { ...result, onePercentLoadSeconds: prepared.loadSeconds === null ? null : Math.round(prepared.loadSeconds * 10) / 10 };
}
