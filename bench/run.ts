/**
 * npm run bench: the benchmark of issue 8. Starts its own PostgreSQL (with
 * pg_stat_statements), loads the demo dataset and the large dataset once,
 * then for each dataset starts the system (four subgraphs and this gateway),
 * the Hive Gateway peer on the same subgraphs, and the floor (one SQL
 * statement). Before measuring, every operation is sent to every target that
 * runs it and the answers must agree (lib/answers.ts; a disagreement is
 * reported loudly and marks the rows it concerns). Every operation runs
 * against every target that can run it: a warm-up, a measured run at fixed
 * concurrency, then a statement count.
 * Finally the headline runs once more with the gateway and subgraphs under
 * the CPU profiler. Prints a table and writes JSON and an SVG chart to
 * bench/results/.
 *
 * Settings (environment): BENCH_DURATION (seconds per run, default 10),
 * BENCH_WARMUP (3), BENCH_CONNECTIONS (10), BENCH_COUNT_REQUESTS (20),
 * BENCH_SEQUENTIAL_REQUESTS (100),
 * BENCH_SCALE (1), BENCH_DATASETS (small,large), BENCH_OPERATIONS,
 * BENCH_TARGETS (gateway,peer,floor), BENCH_PROFILE_SECONDS (10; 0 skips),
 * BENCH_SCALING_ROUNDS (2; 0 skips the like-for-like comparison of the
 * headline at full scale and at 1%, see lib/scaling.ts),
 * BENCH_SOAK_WARMUP (60), BENCH_SOAK_SECONDS (0: no long run to check that memory stays flat: resident
 * size and the live heap after forced full collections, see lib/soak.ts),
 * BENCH_POOL_SIZE (10), BENCH_DATA_DIR (.data/bench), BENCH_DATABASE_URL
 * (an existing server instead of the embedded one), BENCH_RESULTS_DIR.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@inventory/platform';
import { checkSameAnswers, type AnswerCheck, type CheckedTarget } from './lib/answers.ts';
import { startBenchCluster, prepareDatabase, type BenchCluster } from './lib/cluster.ts';
import { readBenchConfig, type BenchConfig } from './lib/config.ts';
import { postGraphQL, runLoad, runSequential } from './lib/load.ts';
import { BENCH_HEADERS, OPERATIONS, loadSupergraphSchema, readFixtures, requestBody, unsupportedReason, type Fixtures, type Operation, type OperationName } from './lib/operations.ts';
import { MemorySampler } from './lib/processes.ts';
import { createDirectCaller, directStagesOf, sequentialLatency } from './lib/hops.ts';
import { planOf, summariseProfiles, type ProcessProfile } from './lib/profile.ts';
import { profileHeadline } from './lib/profile-run.ts';
import { measureScaling, type ScalingResult } from './lib/scaling.ts';
import { formatSoak, soakHeadline } from './lib/soak.ts';
import { formatTable, renderChart, type Dataset, type Measurement } from './lib/report.ts';
import { countStatements } from './lib/statements.ts';
import { startFloor, startGateway, startPeer, startSubgraphs, type RunningProcesses, type TargetName } from './lib/targets.ts';

const log = (text: string) => process.stderr.write(`${text}\n`);

interface Targets {
  readonly subgraphs: RunningProcesses & { urls: Record<string, string> };
  readonly byName: Partial<Record<TargetName, RunningProcesses>>;
  /** Why a target could not be started; its operations are reported as skipped. */
  readonly failed: Partial<Record<TargetName, string>>;
}

async function startTargets(config: BenchConfig, databaseUrl: string, memory: MemorySampler, dataset: Dataset): Promise<Targets> {
  const options = { databaseUrl, poolSize: config.poolSize };
  const subgraphs = await startSubgraphs(options);
  const byName: Partial<Record<TargetName, RunningProcesses>> = {};
  const failed: Partial<Record<TargetName, string>> = {};
  const starters: Record<TargetName, () => Promise<RunningProcesses>> = {
    gateway: () => startGateway(options, subgraphs.urls),
    peer: () => startPeer(options, subgraphs.urls),
    floor: () => startFloor(options),
  };
  for (const target of config.targets) {
    try {
      byName[target] = await starters[target]();
    } catch (error) {
      failed[target] = `did not start: ${error instanceof Error ? error.message : String(error)}`;
      log(`[${dataset}] ${target} ${failed[target]}`);
    }
  }
  for (const running of [subgraphs, ...Object.values(byName)]) {
    for (const managed of running.processes) if (managed.child.pid) memory.watch(`${dataset}/${managed.name}`, managed.child.pid);
  }
  return { subgraphs, byName, failed };
}

async function stopTargets(targets: Targets, memory: MemorySampler, dataset: Dataset): Promise<void> {
  for (const running of [targets.subgraphs, ...Object.values(targets.byName)]) {
    for (const managed of running.processes) memory.forget(`${dataset}/${managed.name}`);
  }
  for (const running of Object.values(targets.byName)) await running.stop();
  await targets.subgraphs.stop();
}

/** The running targets as the answer check sees them: which operations each runs, and whom it records writes as. */
function checkedTargets(config: BenchConfig, targets: Targets, operations: readonly (Operation & { unsupported: string | null })[]): CheckedTarget[] {
  return config.targets.flatMap((name) => {
    const running = targets.byName[name];
    if (!running) return [];
    return [{
      name,
      url: running.url,
      actor: name === 'peer' ? 'bench-peer' : BENCH_HEADERS['x-api-key'],
      runs: (operationName: string) => {
        const operation = operations.find((candidate) => candidate.name === operationName);
        return !!operation && !operation.unsupported && !(name === 'floor' && operation.floorSkip);
      },
    }];
  });
}

/**
 * The headline sent one request at a time (no queueing) to each target and
 * straight to the subgraphs along the query plan: the floor is one SQL
 * statement, "subgraphs direct" is what the federation hops cost without a
 * gateway, and the gateways add their own work on top.
 */
type Latency = { p50: number; p90: number; mean: number };
type Breakdown = { oneAtATime: Record<string, Latency>; directCallsMeanMs: Record<string, number> };

async function headlineBreakdown(config: BenchConfig, supergraphSdl: string, targets: Targets, fixtures: Fixtures): Promise<Breakdown> {
  const headline = OPERATIONS.find((operation) => operation.name === 'headline')!;
  const body = requestBody(headline, fixtures, 'breakdown');
  const count = config.sequentialRequests;
  const result: Record<string, Latency> = {};
  const direct = createDirectCaller(directStagesOf(supergraphSdl, headline.document), targets.subgraphs.urls);
  for (const n of [0, 1, 2, 3, 4]) await direct.run(headline.variables(n, fixtures, 'breakdown'));
  direct.reset();
  result['subgraphs direct'] = await sequentialLatency(count, (n) => direct.run(headline.variables(n + 5, fixtures, 'breakdown')));
  const directCallsMeanMs = direct.meanCallMs();
  for (const [name, running] of Object.entries(targets.byName)) {
    const send = async (n: number) => {
      await postGraphQL(running.url, BENCH_HEADERS, body(n));
    };
    for (const n of [0, 1, 2, 3, 4]) await send(n);
    result[name] = await sequentialLatency(count, (n) => send(n + 5));
  }
  return { oneAtATime: result, directCallsMeanMs };
}

async function measureDataset(
  config: BenchConfig,
  cluster: BenchCluster,
  dataset: Dataset,
  databaseUrl: string,
  operations: readonly (Operation & { unsupported: string | null })[],
  memory: MemorySampler,
  runId: string,
  supergraphSdl: string,
): Promise<{
  measurements: Measurement[];
  agreement: AnswerCheck;
  rss: Record<string, { beforeMiB: number | null; afterMiB: number | null }>;
  breakdown: Breakdown | { failed: string } | null;
}> {
  const fixtures = await readFixtures(databaseUrl);
  log(`[${dataset}] starting the subgraphs, this gateway, the peer and the floor...`);
  const targets = await startTargets(config, databaseUrl, memory, dataset);
  const measurements: Measurement[] = [];
  const rss: Record<string, { beforeMiB: number | null; afterMiB: number | null }> = {};
  try {
    // Every operation is compared on every dataset (it costs a few requests), even where only the headline is measured.
    const agreement = await checkSameAnswers(operations.filter((operation) => !operation.unsupported), checkedTargets(config, targets, operations), fixtures, databaseUrl, `${runId}-${dataset}`);
    for (const [name, result] of Object.entries(agreement.operations)) {
      const verdict = result.notCompared ? `not compared (${result.notCompared})` : result.disagreements.length === 0 ? 'all agree' : `${result.disagreements.length} DISAGREEMENTS`;
      log(`[${dataset}] answers of ${name} compared ${result.compared} times across ${result.targets.join(', ')}: ${verdict}`);
    }
    if (!agreement.allAgree) {
      log(`[${dataset}] !!! THE TARGETS DO NOT GIVE THE SAME ANSWERS; their figures below do not compare like for like:`);
      for (const disagreement of agreement.disagreements) log(`[${dataset}] !!! ${disagreement}`);
    }
    const differs = (operation: string, target: string) =>
      agreement.operations[operation as OperationName]?.disagreements.some((text) => text.startsWith(`${target} `)) ?? false;
    let breakdown: Breakdown | { failed: string } | null = null;
    if (config.sequentialRequests > 0 && operations.some((operation) => operation.name === 'headline')) {
      log(`[${dataset}] headline one request at a time (${config.sequentialRequests} each): subgraphs direct, ${Object.keys(targets.byName).join(', ')}...`);
      breakdown = await headlineBreakdown(config, supergraphSdl, targets, fixtures).catch((error: unknown) => ({ failed: error instanceof Error ? error.message : String(error) }));
    }
    for (const operation of operations) {
      if (dataset === 'small' && operation.name !== 'headline') continue;
      for (const target of config.targets) {
        const running = targets.byName[target];
        const base = { dataset, operation: operation.name, target };
        const skip = targets.failed[target] ?? operation.unsupported ?? (target === 'floor' ? (operation.floorSkip ?? null) : null);
        if (skip || !running) {
          measurements.push({ ...base, skipped: skip ?? 'not started' });
          log(`[${dataset}] ${operation.name} on ${target}: skipped (${skip})`);
          continue;
        }
        const body = requestBody(operation, fixtures, `${runId}-${dataset}-${target}`);
        // Requests number on across warm-up, measured run and count: each asks for the next asset (or key).
        let offset = 0;
        const continuing = (n: number) => body(offset + n);
        if (config.warmupSeconds > 0) {
          const warm = await runLoad({ url: running.url, connections: config.connections, seconds: config.warmupSeconds, headers: BENCH_HEADERS, body: continuing });
          offset += warm.requests + config.connections;
        }
        const mainProcess = `${dataset}/${running.processes[0]!.name}`;
        const before = memory.current(mainProcess);
        log(`[${dataset}] ${operation.name} on ${target}: ${config.durationSeconds} s at ${config.connections} connections...`);
        const load = await runLoad({ url: running.url, connections: config.connections, seconds: config.durationSeconds, headers: BENCH_HEADERS, body: continuing });
        offset += load.requests + config.connections;
        rss[`${dataset}/${operation.name}/${target}`] = { beforeMiB: before === null ? null : Math.round(before), afterMiB: Math.round(memory.current(mainProcess) ?? 0) || null };
        const statements = cluster.statementStats
          ? await countStatements(databaseUrl, config.countRequests, async () => {
            await runSequential(running.url, BENCH_HEADERS, body, config.countRequests, offset);
            offset += config.countRequests;
          })
          : { unavailable: 'pg_stat_statements is not loaded on this server' };
        measurements.push({ ...base, load, statements, ...(differs(operation.name, target) ? { answersDiffer: true } : {}) });
        log(`[${dataset}] ${operation.name} on ${target}: ${load.requestsPerSecond} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, ${load.errors} errors${'perRequest' in statements ? `, ${statements.perRequest} SQL/request` : ''}`);
      }
    }
    return { measurements, agreement, rss, breakdown };
  } finally {
    await stopTargets(targets, memory, dataset);
  }
}

function ratio(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined || b === 0 ? null : Math.round((a / b) * 100) / 100;
}

async function main(): Promise<void> {
  const config = readBenchConfig();
  const started = new Date();
  const runId = started.getTime().toString(36);
  const supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  const schema = loadSupergraphSchema(config.supergraphPath);
  const operations = OPERATIONS.filter((operation) => config.operations.includes(operation.name)).map((operation) => ({
    ...operation,
    unsupported: unsupportedReason(schema, operation),
  }));

  log(`Starting the benchmark's PostgreSQL (${config.serverUrl ? 'BENCH_DATABASE_URL' : config.dataDir})...`);
  const cluster = await startBenchCluster(config.dataDir, config.serverUrl, log);
  const memory = new MemorySampler();
  memory.start(500);
  const measurements: Measurement[] = [];
  const loads: Record<string, number | null> = {};
  const agreements: Record<string, AnswerCheck> = {};
  const rssRuns: Record<string, unknown> = {};
  const breakdowns: Record<string, Breakdown | { failed: string } | null> = {};
  let soak: Awaited<ReturnType<typeof soakHeadline>> | null = null;
  let soakFailed: string | null = null;
  let headlineScaling: (ScalingResult & { onePercentLoadSeconds: number | null }) | { failed: string } | null = null;
  let profile: { processes: ProcessProfile[]; gatewayTimings: Record<string, { meanMs: number; count: number }>; requests: number } | null = null;
  try {
    const urls: Partial<Record<Dataset, string>> = {};
    for (const dataset of config.datasets) {
      const prepared = await prepareDatabase(cluster.serverUrl, `bench_${dataset}`, dataset, config.scale, log);
      urls[dataset] = prepared.url;
      loads[dataset] = prepared.loadSeconds === null ? null : Math.round(prepared.loadSeconds * 10) / 10;
    }
    for (const dataset of config.datasets) {
      const result = await measureDataset(config, cluster, dataset, urls[dataset]!, operations, memory, runId, supergraphSdl);
      measurements.push(...result.measurements);
      breakdowns[dataset] = result.breakdown;
      agreements[dataset] = result.agreement;
      Object.assign(rssRuns, result.rss);
    }
    const profileUrl = urls.large ?? urls.small;
    if (config.scalingRounds > 0 && urls.large && config.targets.includes('gateway')) {
      headlineScaling = await measureScaling(config, cluster, urls.large, log).catch((error: unknown) => ({ failed: error instanceof Error ? error.message : String(error) }));
    }
    if (config.soakSeconds > 0 && profileUrl && config.targets.includes('gateway')) {
      soak = await soakHeadline(config, profileUrl, log).catch((error: unknown) => {
        soakFailed = error instanceof Error ? error.message : String(error);
        log(`[soak] failed: ${soakFailed}`);
        return null;
      });
    }
    if (config.profileSeconds > 0 && profileUrl && config.targets.includes('gateway')) {
      const profileDir = join(config.dataDir, 'profiles');
      const run = await profileHeadline(config, profileUrl, profileDir, log);
      profile = {
        requests: run.requests,
        gatewayTimings: run.histograms,
        processes: summariseProfiles(profileDir, ['gateway', 'catalog', 'stock', 'cmdb', 'approvals'], run.requests),
      };
    }
  } finally {
    memory.stop();
    await cluster.stop();
  }

  const find = (dataset: Dataset, operation: string, target: string) =>
    measurements.find((m) => m.dataset === dataset && m.operation === operation && m.target === target)?.load;
  const ratios = Object.fromEntries(
    operations.map((operation) => {
      const gateway = find('large', operation.name, 'gateway');
      const peer = find('large', operation.name, 'peer');
      const floor = find('large', operation.name, 'floor');
      return [operation.name, {
        throughputGatewayOverPeer: ratio(gateway?.requestsPerSecond, peer?.requestsPerSecond),
        p50GatewayOverPeer: ratio(gateway?.latencyMs.p50, peer?.latencyMs.p50),
        throughputGatewayOverFloor: ratio(gateway?.requestsPerSecond, floor?.requestsPerSecond),
        p50GatewayOverFloor: ratio(gateway?.latencyMs.p50, floor?.latencyMs.p50),
      }];
    }),
  );
  const largeHeadline = find('large', 'headline', 'gateway');
  const smallHeadline = find('small', 'headline', 'gateway');
  const scaling = {
    p50LargeOverSmall: ratio(largeHeadline?.latencyMs.p50, smallHeadline?.latencyMs.p50),
    p99LargeOverSmall: ratio(largeHeadline?.latencyMs.p99, smallHeadline?.latencyMs.p99),
    throughputLargeOverSmall: ratio(largeHeadline?.requestsPerSecond, smallHeadline?.requestsPerSecond),
  };
  const headlinePlan = planOf(supergraphSdl, OPERATIONS[0]!.document);

  const stamp = started.toISOString().replace(/[:]/g, '-').replace(/\..+$/, '');
  mkdirSync(config.resultsDir, { recursive: true });
  const jsonPath = join(config.resultsDir, `bench-${stamp}.json`);
  const svgPath = join(config.resultsDir, `bench-${stamp}.svg`);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  const settings = { ...config, dataDir: undefined, serverUrl: config.serverUrl ? '(set)' : null, resultsDir: undefined, supergraphPath: undefined };
  writeFileSync(jsonPath, `${JSON.stringify({
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    machine,
    settings,
    statementMethod: cluster.statementStats
      ? `pg_stat_statements (track=top) on the benchmark's own server: reset, ${config.countRequests} requests sent one after another, calls summed, minus the calls of an idle window of the same length; grouped by the schema each statement names`
      : 'not counted: pg_stat_statements is not loaded on the server given by BENCH_DATABASE_URL',
    datasetLoadSeconds: loads,
    allAnswersAgree: Object.values(agreements).every((check) => check.allAgree),
    answersAgree: agreements,
    measurements,
    ratios,
    headlineLargeOverSmall: scaling,
    headlineScaling,
    peakMemoryMiB: memory.peaks(),
    rssAroundEachRunMiB: rssRuns,
    memorySamplesEvery5s: memory.samples(10),
    headlinePlan,
    headlineOneAtATimeMs: breakdowns,
    soak,
    ...(soakFailed ? { soakFailed } : {}),
    profile,
  }, null, 2)}\n`);
  writeFileSync(svgPath, renderChart(measurements, `Benchmark ${stamp} (large dataset, ${config.connections} connections, ${config.durationSeconds} s per run)`));

  const out = (text = '') => process.stdout.write(`${text}\n`);
  out();
  out(formatTable(measurements));
  out();
  for (const [dataset, check] of Object.entries(agreements)) {
    const compared = Object.entries(check.operations).map(([name, result]) => `${name} ${result.notCompared ? 'not compared' : `${result.compared}x ${result.targets.join('/')}`}`).join(', ');
    if (check.allAgree) out(`Answer check (${dataset}): all targets give the same answers (${compared}).`);
    else {
      out(`!!! Answer check (${dataset}): ${check.disagreements.length} DISAGREEMENTS (${compared}); rows marked ANSWERS DIFFER do not compare like for like:`);
      for (const disagreement of check.disagreements) out(`!!!   ${disagreement}`);
    }
  }
  out('Ratios on the large dataset (this gateway / peer, this gateway / floor):');
  for (const [name, values] of Object.entries(ratios)) {
    out(`  ${name.padEnd(15)} throughput ${values.throughputGatewayOverPeer ?? '-'} x peer, ${values.throughputGatewayOverFloor ?? '-'} x floor; p50 ${values.p50GatewayOverPeer ?? '-'} x peer, ${values.p50GatewayOverFloor ?? '-'} x floor`);
  }
  out(`Headline on the large dataset vs the demo dataset (this gateway; their assets' answers differ in size): p50 ${scaling.p50LargeOverSmall ?? '-'} x, p99 ${scaling.p99LargeOverSmall ?? '-'} x, throughput ${scaling.throughputLargeOverSmall ?? '-'} x`);
  if (headlineScaling && 'failed' in headlineScaling) out(`Headline at full scale vs 1%: failed: ${headlineScaling.failed}`);
  else if (headlineScaling) {
    const { full, onePercent } = headlineScaling;
    out(`Headline at full scale vs the same generator at 1% (same answers: ${full.meanAnswerBytes} vs ${onePercent.meanAnswerBytes} bytes, ${full.assets} assets each, ${headlineScaling.rounds} alternating rounds, medians):`);
    out(`  p50 ${headlineScaling.p50FullOverOnePercent} x (${full.p50} vs ${onePercent.p50} ms), p99 ${headlineScaling.p99FullOverOnePercent} x, throughput ${headlineScaling.throughputFullOverOnePercent} x (${full.requestsPerSecond} vs ${onePercent.requestsPerSecond} req/s), one at a time p50 ${headlineScaling.oneAtATimeP50FullOverOnePercent} x (${full.oneAtATimeP50} vs ${onePercent.oneAtATimeP50} ms)`);
  }
  for (const [dataset, breakdown] of Object.entries(breakdowns)) {
    if (!breakdown) continue;
    if ('failed' in breakdown) {
      out(`Headline one request at a time (${dataset}): failed: ${breakdown.failed}`);
      continue;
    }
    out(`Headline one request at a time (${dataset}, p50 / mean ms): ${Object.entries(breakdown.oneAtATime).map(([name, value]) => `${name} ${value.p50} / ${value.mean}`).join('; ')}`);
    out(`  subgraph calls made directly, mean ms: ${Object.entries(breakdown.directCallsMeanMs).map(([call, ms]) => `${call} ${ms}`).join('; ')}`);
  }
  out(`Headline plan: ${headlinePlan.fetches.length} subgraph fetches (${headlinePlan.fetches.join(', ')}) in ${headlinePlan.sequentialStages} sequential stages; planning ${headlinePlan.coldPlanningMs} ms cold, ${headlinePlan.warmPlanningMs} ms per uncached plan`);
  out('Memory (RSS, MiB): peak, and first -> last sample while the process ran (flat means no growth under load):');
  const samples = memory.samples();
  for (const [name, peak] of Object.entries(memory.peaks())) {
    const series = samples[name] ?? [];
    const first = series[Math.min(series.length - 1, 4)]?.rssMiB;
    const last = series[series.length - 1]?.rssMiB;
    out(`  ${name.padEnd(20)} peak ${String(peak).padStart(6)}   ${first ?? '-'} -> ${last ?? '-'} over ${series.length > 0 ? Math.round(series[series.length - 1]!.atSeconds - series[0]!.atSeconds) : 0} s`);
  }
  if (soak) for (const line of formatSoak(soak)) out(line);
  else if (soakFailed) out(`Soak: failed: ${soakFailed}`);
  if (profile) {
    out(`CPU profile of the headline (${profile.requests} requests, ms of CPU per request):`);
    for (const process of profile.processes) {
      out(`  ${process.process.padEnd(10)} ${process.busyMsPerRequest} ms busy: ${process.categories.slice(0, 6).map((c) => `${c.category} ${c.msPerRequest} (${c.share}%)`).join(', ')}`);
    }
    out(`Gateway timings during the profile (mean ms): ${Object.entries(profile.gatewayTimings).map(([key, value]) => `${key} ${value.meanMs}`).join(', ')}`);
  }
  for (const [dataset, seconds] of Object.entries(loads)) if (seconds !== null) out(`Loaded the ${dataset} dataset in ${seconds} s.`);
  out(`Results: ${jsonPath}`);
  out(`Chart:   ${svgPath}`);
}

await main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
