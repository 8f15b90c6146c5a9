import { mkdirSync, rmSync } from 'node:fs';
import type { BenchConfig } from './config.ts';
import { runLoad } from './load.ts';
import { BENCH_HEADERS, OPERATIONS, readFixtures, requestBody } from './operations.ts';
import { meanMs, readGatewayHistograms } from './profile.ts';
import { startGateway, startSubgraphs, type RunningProcesses } from './targets.ts';

/** Sends `signal` to every process of `running`. */
function signalAll(running: readonly RunningProcesses[], signal: NodeJS.Signals): void {
  for (const set of running) for (const managed of set.processes) managed.child.kill(signal);
}

/**
 * The headline once more against this gateway, with the gateway and the
 * subgraphs under V8's CPU profiler for exactly the measured run (started
 * and stopped by SIGUSR2, see lib/profiler-preload.ts), and the gateway's
 * own request and subgraph-fetch timings over the same run.
 */
export async function profileHeadline(config: BenchConfig, databaseUrl: string, profileDir: string, log: (text: string) => void) {
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  const options = { databaseUrl, poolSize: config.poolSize, profileDir };
  const fixtures = await readFixtures(databaseUrl);
  const headline = OPERATIONS.find((operation) => operation.name === 'headline')!;
  const body = requestBody(headline, fixtures, 'profile');
  log(`[profile] headline on this gateway under the CPU profiler, ${config.profileSeconds} s...`);
  const subgraphs = await startSubgraphs(options);
  try {
    const gateway = await startGateway(options, subgraphs.urls);
    try {
      const warm = await runLoad({ url: gateway.url, connections: config.connections, seconds: Math.max(2, config.warmupSeconds), headers: BENCH_HEADERS, body });
      const metricsUrl = gateway.url.replace(/\/graphql$/, '/metrics');
      const before = await readGatewayHistograms(metricsUrl);
      signalAll([subgraphs, gateway], 'SIGUSR2');
      const load = await runLoad({ url: gateway.url, connections: config.connections, seconds: config.profileSeconds, headers: BENCH_HEADERS, body: (n) => body(n + warm.requests + config.connections) });
      signalAll([subgraphs, gateway], 'SIGUSR2');
      const histograms = meanMs(before, await readGatewayHistograms(metricsUrl));
      // Give every process time to write its profile.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return { requests: load.requests, histograms };
    } finally {
      await gateway.stop();
    }
  } finally {
    await subgraphs.stop();
  }
}
