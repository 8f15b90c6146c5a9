import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchConfig } from './config.ts';
import { runLoad } from './load.ts';
import { BENCH_HEADERS, OPERATIONS, readFixtures, requestBody } from './operations.ts';
import { MemorySampler } from './processes.ts';
import { startGateway, startSubgraphs } from './targets.ts';

/** One quantity of one process over a long run: where it starts (after warm-up), ends and peaks, and its trend. */
export interface SoakSeries {
  readonly startMiB: number;
  readonly endMiB: number;
  readonly peakMiB: number;
  /** Least-squares slope over the run, MiB per minute. */
  readonly slopeMiBPerMinute: number;
  /** Least-squares slope over the second half of the run, once start-up effects are over. */
  readonly secondHalfSlopeMiBPerMinute: number;
  /** Last sample minus the sample nearest the middle of the run. */
  readonly secondHalfGrowthMiB: number;
}

/** What the heap probe (heap-probe.ts) records at each sample. */
interface HeapSample {
  readonly at: number;
  readonly heapUsedMiB: number;
  readonly externalMiB: number;
  readonly heapCommittedMiB: number;
  readonly youngGenerationMiB: number;
  readonly rssMiB: number;
}

/** Memory of one process over the soak. */
export interface SoakProcessMemory {
  /** Resident size, sampled every second. */
  readonly rss: SoakSeries | null;
  /** V8 heap still in use right after a forced full collection: what the process retains. A leak shows here. */
  readonly liveHeap: SoakSeries | null;
  /** Heap V8 had committed (reserved and touched) just before each collection, young generation included, first and largest. */
  readonly committedHeapMiB: { readonly start: number; readonly peak: number } | null;
  /** V8's young generation, first and largest: it grows with the allocation rate, up to its limit, and counts in the resident size. */
  readonly youngGenerationMiB: { readonly start: number; readonly peak: number } | null;
  /**
   * `flat` when the live heap did not grow over the second half of the run
   * (at most FLAT_SLOPE MiB/min and at most FLAT_GROWTH MiB in all: a short
   * run must not hide a fast leak under the total, nor a long one a slow
   * leak under the slope); `growing` otherwise, which is what a leak looks
   * like.
   */
  readonly liveHeapVerdict: 'flat' | 'growing' | 'unknown';
  /**
   * `levelled` when the resident size gained at most RSS_LEVEL_GROWTH MiB (or
   * RSS_LEVEL_SHARE of its start) over the second half of the run; `rising`
   * otherwise. With a flat live heap, still rising usually means V8 is still
   * growing its heap into its limits (a longer run shows where it stops).
   */
  readonly rssVerdict: 'levelled' | 'rising' | 'unknown';
}

/** Live-heap growth within both bounds counts as flat: sampling noise is about a MiB. */
const FLAT_SLOPE_MIB_PER_MINUTE = 1;
const FLAT_GROWTH_MIB = 2;
const RSS_LEVEL_GROWTH_MIB = 8;
const RSS_LEVEL_SHARE = 0.05;

const round = (value: number) => Math.round(value * 100) / 100;

function slopeOf(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  const covariance = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const variance = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  return variance === 0 ? 0 : (covariance / variance) * 60;
}

/** The trend of `points` (x in seconds from the start of the measured run, y in MiB). */
export function trendOf(points: readonly { x: number; y: number }[]): SoakSeries | null {
  if (points.length < 2) return null;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const middleX = (first.x + last.x) / 2;
  const middle = points.reduce((best, p) => (Math.abs(p.x - middleX) < Math.abs(best.x - middleX) ? p : best), first);
  return {
    startMiB: first.y,
    endMiB: last.y,
    peakMiB: Math.max(...points.map((p) => p.y)),
    slopeMiBPerMinute: round(slopeOf(points)),
    secondHalfSlopeMiBPerMinute: round(slopeOf(points.filter((p) => p.x >= middle.x))),
    secondHalfGrowthMiB: round(last.y - middle.y),
  };
}

export function liveHeapVerdict(liveHeap: SoakSeries | null): SoakProcessMemory['liveHeapVerdict'] {
  if (!liveHeap) return 'unknown';
  return liveHeap.secondHalfSlopeMiBPerMinute <= FLAT_SLOPE_MIB_PER_MINUTE && liveHeap.secondHalfGrowthMiB <= FLAT_GROWTH_MIB ? 'flat' : 'growing';
}

export function rssVerdict(rss: SoakSeries | null): SoakProcessMemory['rssVerdict'] {
  if (!rss) return 'unknown';
  return rss.secondHalfGrowthMiB <= Math.max(RSS_LEVEL_GROWTH_MIB, rss.startMiB * RSS_LEVEL_SHARE) ? 'levelled' : 'rising';
}

/**
 * Asks every probed process (started with `heapProbeDir`) for its heap after
 * a full collection, and waits for the answers.
 */
class HeapProbe {
  readonly #dir: string;
  readonly #processes: readonly { name: string; pid: number }[];

  constructor(dir: string, processes: readonly { name: string; pid: number }[]) {
    this.#dir = dir;
    this.#processes = processes;
  }

  #read(name: string): HeapSample[] {
    const file = join(this.#dir, `${name}-heap.jsonl`);
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as HeapSample);
  }

  async sample(timeoutMs = 10_000): Promise<void> {
    const before = new Map(this.#processes.map(({ name }) => [name, this.#read(name).length]));
    for (const { pid } of this.#processes) process.kill(pid, 'SIGUSR2');
    const deadline = performance.now() + timeoutMs;
    while (this.#processes.some(({ name }) => this.#read(name).length <= before.get(name)!)) {
      if (performance.now() > deadline) throw new Error('the heap probe did not answer; are the processes started with heapProbeDir?');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  samples(): Record<string, HeapSample[]> {
    return Object.fromEntries(this.#processes.map(({ name }) => [name, this.#read(name)]));
  }
}

/**
 * The headline on this gateway for `soakSeconds`, judging whether memory
 * stays flat. Resident size is sampled every second, but it says little on
 * its own: V8 grows its young generation (to 128 MiB by default) and its old
 * generation's headroom lazily under load, and freed pages are not always
 * given back, so a process can gain a hundred MiB of resident size while
 * retaining nothing. So every process is also started with a heap probe,
 * and every `heapEverySeconds` (and once when the load stops) each one runs
 * a full collection and reports the heap still live: a leak is a live heap
 * that keeps growing; flat live heap with resident size levelling off is
 * the heap settling.
 */
export async function soakHeadline(config: BenchConfig, databaseUrl: string, log: (text: string) => void) {
  const heapEverySeconds = Math.max(5, Math.min(30, Math.round(config.soakSeconds / 12)));
  const fixtures = await readFixtures(databaseUrl);
  const headline = OPERATIONS.find((operation) => operation.name === 'headline')!;
  const body = requestBody(headline, fixtures, 'soak');
  log(`[soak] headline on this gateway for ${config.soakSeconds} s after ${Math.max(3, config.soakWarmupSeconds)} s of warm-up: resident size every second, live heap after a full collection every ${heapEverySeconds} s...`);
  const probeDir = mkdtempSync(join(tmpdir(), 'bench-soak-'));
  const options = { databaseUrl, poolSize: config.poolSize, heapProbeDir: probeDir };
  const subgraphs = await startSubgraphs(options).catch((error: unknown) => {
    rmSync(probeDir, { recursive: true, force: true });
    throw error;
  });
  const sampler = new MemorySampler();
  try {
    const gateway = await startGateway(options, subgraphs.urls);
    try {
      const warm = await runLoad({ url: gateway.url, connections: config.connections, seconds: Math.max(3, config.soakWarmupSeconds), headers: BENCH_HEADERS, body });
      const watched = [...subgraphs.processes, ...gateway.processes].flatMap((managed) => (managed.child.pid ? [{ name: managed.name, pid: managed.child.pid }] : []));
      for (const { name, pid } of watched) sampler.watch(name, pid);
      const probe = new HeapProbe(probeDir, watched);
      const startedAt = Date.now();
      sampler.sample();
      const startedAtSeconds = Object.values(sampler.samples())[0]?.[0]?.atSeconds ?? 0;
      sampler.start(1_000);
      await probe.sample();
      let probing = Promise.resolve();
      const timer = setInterval(() => {
        probing = probing.then(() => probe.sample()).catch((error: unknown) => log(`[soak] ${String(error)}`));
      }, heapEverySeconds * 1_000);
      let load: Awaited<ReturnType<typeof runLoad>>;
      try {
        load = await runLoad({ url: gateway.url, connections: config.connections, seconds: config.soakSeconds, headers: BENCH_HEADERS, body: (n) => body(n + warm.requests + config.connections) });
      } finally {
        clearInterval(timer);
        sampler.stop();
        await probing;
      }
      await probe.sample();
      const rssSamples = sampler.samples();
      const heapSamples = probe.samples();
      const memory: Record<string, SoakProcessMemory> = {};
      for (const { name } of watched) {
        const heap = heapSamples[name] ?? [];
        const liveHeap = trendOf(heap.map((s) => ({ x: (s.at - startedAt) / 1000, y: s.heapUsedMiB })));
        const span = (values: number[]) => (values.length ? { start: values[0]!, peak: Math.max(...values) } : null);
        const rss = trendOf((rssSamples[name] ?? []).map((s) => ({ x: s.atSeconds - startedAtSeconds, y: s.rssMiB })));
        memory[name] = {
          rss,
          liveHeap,
          committedHeapMiB: span(heap.map((s) => s.heapCommittedMiB)),
          youngGenerationMiB: span(heap.map((s) => s.youngGenerationMiB)),
          liveHeapVerdict: liveHeapVerdict(liveHeap),
          rssVerdict: rssVerdict(rss),
        };
      }
      const liveHeapSamples = Object.fromEntries(
        Object.entries(heapSamples).map(([name, list]) => [name, list.map(({ at, ...sample }) => ({ atSeconds: round((at - startedAt) / 1000), ...sample }))]),
      );
      return { seconds: config.soakSeconds, heapEverySeconds, load, memory, liveHeapSamples };
    } finally {
      await gateway.stop();
    }
  } finally {
    sampler.stop();
    await subgraphs.stop();
    rmSync(probeDir, { recursive: true, force: true });
  }
}

export type SoakResult = Awaited<ReturnType<typeof soakHeadline>>;

const signed = (value: number) => `${value >= 0 ? '+' : ''}${value}`;

/** The soak's lines of the printed report. */
export function formatSoak(soak: SoakResult): string[] {
  const lines = [
    `Soak: headline on this gateway for ${soak.seconds} s: ${soak.load.requestsPerSecond} req/s, p99 ${soak.load.latencyMs.p99} ms, ${soak.load.errors} errors.`,
    `  MiB, start -> end (slope per minute over the run / over its second half). Live heap: V8 heap after a forced full collection, every ${soak.heapEverySeconds} s;`,
    '  a leak is live heap that keeps growing. Committed heap and young generation: what V8 had reserved (part of RSS), first -> largest.',
  ];
  for (const [name, memory] of Object.entries(soak.memory)) {
    const { rss, liveHeap } = memory;
    const heapText = liveHeap
      ? `live heap ${liveHeap.startMiB} -> ${liveHeap.endMiB} (${signed(liveHeap.slopeMiBPerMinute)} / ${signed(liveHeap.secondHalfSlopeMiBPerMinute)}) ${memory.liveHeapVerdict}`
      : 'live heap -';
    const rssText = rss
      ? `RSS ${rss.startMiB} -> ${rss.endMiB} (peak ${rss.peakMiB}; ${signed(rss.slopeMiBPerMinute)} / ${signed(rss.secondHalfSlopeMiBPerMinute)}) ${memory.rssVerdict}`
      : 'RSS -';
    const reserved = memory.committedHeapMiB && memory.youngGenerationMiB
      ? `; committed ${memory.committedHeapMiB.start} -> ${memory.committedHeapMiB.peak}, young ${memory.youngGenerationMiB.start} -> ${memory.youngGenerationMiB.peak}`
      : '';
    lines.push(`  ${name.padEnd(10)} ${heapText}; ${rssText}${reserved}`);
  }
  const entries = Object.entries(soak.memory);
  const growing = entries.filter(([, memory]) => memory.liveHeapVerdict === 'growing').map(([name]) => name);
  const rising = entries.filter(([, memory]) => memory.rssVerdict === 'rising').map(([name]) => name);
  if (growing.length > 0) {
    lines.push(`  Memory NOT flat: live heap still growing in the second half in ${growing.join(', ')}; something is retained (compare heap snapshots).`);
  } else if (entries.every(([, memory]) => memory.liveHeapVerdict === 'flat')) {
    lines.push(
      rising.length > 0
        ? `  Live heap flat in every process (nothing retained); RSS still rising in the second half in ${rising.join(', ')}: V8 reserving heap for the load or native memory, run longer to see it level off.`
        : '  Memory flat: live heap flat and RSS levelled off in every process.',
    );
  } else {
    lines.push('  Live heap not measured for every process.');
  }
  return lines;
}
