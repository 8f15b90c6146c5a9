import type { BenchConfig } from './config.ts';
import { runLoad } from './load.ts';
import { BENCH_HEADERS, OPERATIONS, readFixtures, requestBody } from './operations.ts';
import { MemorySampler } from './processes.ts';
import { startGateway, startSubgraphs } from './targets.ts';

/** Resident memory of one process over a long run: where it starts (after warm-up), ends and peaks, and its trend. */
export interface SoakSeries {
  readonly startMiB: number;
  readonly endMiB: number;
  readonly peakMiB: number;
  /** Least-squares slope over the run, MiB per minute. */
  readonly slopeMiBPerMinute: number;
}

function trendOf(samples: readonly { atSeconds: number; rssMiB: number }[]): SoakSeries | null {
  if (samples.length < 2) return null;
  const n = samples.length;
  const meanX = samples.reduce((sum, s) => sum + s.atSeconds, 0) / n;
  const meanY = samples.reduce((sum, s) => sum + s.rssMiB, 0) / n;
  const covariance = samples.reduce((sum, s) => sum + (s.atSeconds - meanX) * (s.rssMiB - meanY), 0);
  const variance = samples.reduce((sum, s) => sum + (s.atSeconds - meanX) ** 2, 0);
  return {
    startMiB: samples[0]!.rssMiB,
    endMiB: samples[n - 1]!.rssMiB,
    peakMiB: Math.max(...samples.map((s) => s.rssMiB)),
    slopeMiBPerMinute: Math.round((variance === 0 ? 0 : (covariance / variance) * 60) * 100) / 100,
  };
}

/** The headline on this gateway for `soakSeconds`, sampling every process's memory once a second after a warm-up. */
export async function soakHeadline(config: BenchConfig, databaseUrl: string, log: (text: string) => void) {
  const options = { databaseUrl, poolSize: config.poolSize };
  const fixtures = await readFixtures(databaseUrl);
  const headline = OPERATIONS.find((operation) => operation.name === 'headline')!;
  const body = requestBody(headline, fixtures, 'soak');
  log(`[soak] headline on this gateway for ${config.soakSeconds} s, memory sampled every second...`);
  const subgraphs = await startSubgraphs(options);
  const sampler = new MemorySampler();
  try {
    const gateway = await startGateway(options, subgraphs.urls);
    try {
      const warm = await runLoad({ url: gateway.url, connections: config.connections, seconds: Math.max(3, config.warmupSeconds), headers: BENCH_HEADERS, body });
      for (const managed of [...subgraphs.processes, ...gateway.processes]) if (managed.child.pid) sampler.watch(managed.name, managed.child.pid);
      sampler.start(1_000);
      const load = await runLoad({ url: gateway.url, connections: config.connections, seconds: config.soakSeconds, headers: BENCH_HEADERS, body: (n) => body(n + warm.requests + config.connections) });
      sampler.stop();
      const memory = Object.fromEntries(Object.entries(sampler.samples()).map(([name, samples]) => [name, trendOf(samples)]));
      return { seconds: config.soakSeconds, load, memory };
    } finally {
      await gateway.stop();
    }
  } finally {
    sampler.stop();
    await subgraphs.stop();
  }
}
