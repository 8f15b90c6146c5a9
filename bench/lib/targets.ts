import { join } from 'node:path';
import { findFreePort } from '../../scripts/lib/embedded-postgres.ts';
import { ROOT_DIR, SUBGRAPHS } from '../../scripts/lib/subgraphs.ts';
import { spawnBenchProcess, stopProcess, waitUntilReady, type ManagedProcess } from './processes.ts';

export type TargetName = 'gateway' | 'peer' | 'floor';

/** A running set of processes answering GraphQL at `url`. */
export interface RunningProcesses {
  readonly url: string;
  readonly processes: readonly ManagedProcess[];
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly databaseUrl: string;
  /** When set, each process loads the profiler preload and writes `<name>-profile.cpuprofile` here (see profiler-preload.ts). */
  readonly profileDir?: string;
  /** Database pool size of each subgraph process. */
  readonly poolSize: number;
  /** When set, each process loads the heap probe and appends its live heap to `<name>-heap.jsonl` here on SIGUSR2 (see heap-probe.ts); it takes the place of `profileDir`, whose preload answers the same signal. */
  readonly heapProbeDir?: string;
}

const quiet = { LOG_LEVEL: 'warn', NODE_ENV: 'development' };
const PRELOAD = join(ROOT_DIR, 'bench', 'lib', 'profiler-preload.ts');
const HEAP_PROBE = join(ROOT_DIR, 'bench', 'lib', 'heap-probe.ts');

function profiling(options: StartOptions, name: string): { env: Record<string, string>; nodeArgs: string[] } {
  if (options.heapProbeDir) {
    return { env: { BENCH_HEAP_PROBE: join(options.heapProbeDir, `${name}-heap.jsonl`) }, nodeArgs: ['--expose-gc', '--import', HEAP_PROBE] };
  }
  if (!options.profileDir) return { env: {}, nodeArgs: [] };
  return { env: { BENCH_CPU_PROFILE: join(options.profileDir, `${name}-profile.cpuprofile`) }, nodeArgs: ['--import', PRELOAD] };
}

async function stopAll(processes: readonly ManagedProcess[]): Promise<void> {
  for (const managed of [...processes].reverse()) await stopProcess(managed);
}

async function ready(url: string, managed: ManagedProcess): Promise<void> {
  await waitUntilReady(url, managed.exited, 60_000).catch((error: Error) => {
    throw new Error(`${managed.name}: ${error.message}`);
  });
}

/** The four subgraphs as separate processes, on free ports; returns their GraphQL URLs by name. */
export async function startSubgraphs(options: StartOptions): Promise<RunningProcesses & { urls: Record<string, string> }> {
  const processes: ManagedProcess[] = [];
  const urls: Record<string, string> = {};
  try {
    for (const { name } of SUBGRAPHS) {
      const port = await findFreePort();
      const profile = profiling(options, name);
      const managed = spawnBenchProcess(
        name,
        join(ROOT_DIR, 'subgraphs', name, 'src', 'index.ts'),
        { ...process.env, ...quiet, ...profile.env, DATABASE_URL: options.databaseUrl, PORT: String(port), DATABASE_POOL_SIZE: String(options.poolSize) },
        ROOT_DIR,
        profile.nodeArgs,
      );
      processes.push(managed);
      urls[name] = `http://127.0.0.1:${port}/graphql`;
    }
    await Promise.all(processes.map((managed) => ready(urls[managed.name]!.replace(/\/graphql$/, '/readyz'), managed)));
  } catch (error) {
    await stopAll(processes);
    throw error;
  }
  return { url: '', urls, processes, stop: () => stopAll(processes) };
}

/** This project's gateway (gateway/src/index.ts) over the given subgraphs, rate limits off. */
export async function startGateway(options: StartOptions, subgraphUrls: Record<string, string>): Promise<RunningProcesses> {
  const port = await findFreePort();
  const profile = profiling(options, 'gateway');
  const managed = spawnBenchProcess(
    'gateway',
    join(ROOT_DIR, 'gateway', 'src', 'index.ts'),
    {
      ...process.env,
      ...quiet,
      ...profile.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      RATE_LIMIT_PER_MINUTE: '0',
      ...Object.fromEntries(Object.entries(subgraphUrls).map(([name, url]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, url])),
    },
    ROOT_DIR,
    profile.nodeArgs,
  );
  await ready(`http://127.0.0.1:${port}/readyz`, managed).catch(async (error: unknown) => {
    await stopProcess(managed);
    throw error;
  });
  return { url: `http://127.0.0.1:${port}/graphql`, processes: [managed], stop: () => stopAll([managed]) };
}

/** The Hive Gateway peer (bench/peer/server.ts) over the same subgraphs. */
export async function startPeer(options: StartOptions, subgraphUrls: Record<string, string>): Promise<RunningProcesses> {
  const port = await findFreePort();
  const managed = spawnBenchProcess(
    'peer',
    join(ROOT_DIR, 'bench', 'peer', 'server.ts'),
    { ...process.env, PORT: String(port), SUBGRAPH_URLS: JSON.stringify(subgraphUrls) },
    ROOT_DIR,
    [],
  );
  await ready(`http://127.0.0.1:${port}/healthz`, managed).catch(async (error: unknown) => {
    await stopProcess(managed);
    throw error;
  });
  return { url: `http://127.0.0.1:${port}/graphql`, processes: [managed], stop: () => stopAll([managed]) };
}

/** The floor (bench/floor/server.ts): one hand-written SQL statement per request, whatever the operation. */
export async function startFloor(options: StartOptions): Promise<RunningProcesses> {
  const port = await findFreePort();
  const managed = spawnBenchProcess(
    'floor',
    join(ROOT_DIR, 'bench', 'floor', 'server.ts'),
    { ...process.env, PORT: String(port), DATABASE_URL: options.databaseUrl, DATABASE_POOL_SIZE: String(options.poolSize) },
    ROOT_DIR,
    [],
  );
  await ready(`http://127.0.0.1:${port}/healthz`, managed).catch(async (error: unknown) => {
    await stopProcess(managed);
    throw error;
  });
  return { url: `http://127.0.0.1:${port}/graphql`, processes: [managed], stop: () => stopAll([managed]) };
}
