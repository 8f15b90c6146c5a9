import { join } from 'node:path';
import { EnvReader, type Env } from '@inventory/platform';
import { ROOT_DIR } from '../../scripts/lib/subgraphs.ts';
import type { OperationName } from './operations.ts';

export interface BenchConfig {
  /** Measured seconds per operation and target. */
  readonly durationSeconds: number;
  /** Unmeasured seconds before each measured run. */
  readonly warmupSeconds: number;
  /** Concurrent connections of the load tool. */
  readonly connections: number;
  /** Requests sent one by one to count SQL statements per request. */
  readonly countRequests: number;
  /** Headline requests sent one by one to each target (and straight to the subgraphs) for the latency breakdown; 0 skips it. */
  readonly sequentialRequests: number;
  /** Size of the large dataset (1 = 1,000,000 movements). */
  readonly scale: number;
  readonly datasets: readonly ('small' | 'large')[];
  readonly operations: readonly OperationName[];
  readonly targets: readonly ('gateway' | 'peer' | 'floor')[];
  /** Seconds of the CPU-profiled headline run; 0 skips profiling. */
  readonly profileSeconds: number;
  /** Seconds of a long headline run on this gateway to see whether memory stays flat; 0 skips it. */
  readonly soakSeconds: number;
  /** Unmeasured load before the soak: fresh processes JIT-compile and V8 sizes their young generation (up to 128 MiB) in the first minute or so. */
  readonly soakWarmupSeconds: number;
  /** Alternating rounds of the like-for-like scaling comparison (full scale vs 1%); 0 skips it. */
  readonly scalingRounds: number;
  readonly poolSize: number;
  /** Where the benchmark's own embedded PostgreSQL keeps its data. */
  readonly dataDir: string;
  /** An existing PostgreSQL server to use instead of the embedded one. */
  readonly serverUrl: string | null;
  readonly resultsDir: string;
  readonly supergraphPath: string;
}

const OPERATION_NAMES = ['headline', 'catalogList', 'lowStock', 'impact', 'recordMovement'] as const;
const TARGETS = ['gateway', 'peer', 'floor'] as const;

function list<T extends string>(reader: EnvReader, name: string, allowed: readonly T[], fallback: readonly T[]): T[] {
  const text = reader.string(name);
  if (text === undefined) return [...fallback];
  const values = text.split(',').map((value) => value.trim()).filter(Boolean);
  const unknown = values.filter((value) => !allowed.includes(value as T));
  if (unknown.length > 0) reader.problem(`${name} may hold only ${allowed.join(', ')}; not ${unknown.join(', ')}`);
  return values as T[];
}

/** Reads the benchmark's settings (BENCH_*); throws a ConfigError listing every problem. */
export function readBenchConfig(env: Env = process.env): BenchConfig {
  const reader = new EnvReader(env);
  const scaleText = reader.string('BENCH_SCALE', '1');
  const scale = Number(scaleText);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 4) reader.problem('BENCH_SCALE must be a number in (0, 4]');
  const config: BenchConfig = {
    durationSeconds: reader.integer('BENCH_DURATION', 10, { min: 1, max: 3_600 }),
    warmupSeconds: reader.integer('BENCH_WARMUP', 3, { min: 0, max: 600 }),
    connections: reader.integer('BENCH_CONNECTIONS', 10, { min: 1, max: 1_000 }),
    countRequests: reader.integer('BENCH_COUNT_REQUESTS', 20, { min: 1, max: 10_000 }),
    sequentialRequests: reader.integer('BENCH_SEQUENTIAL_REQUESTS', 100, { min: 0, max: 100_000 }),
    scale,
    datasets: list(reader, 'BENCH_DATASETS', ['small', 'large'] as const, ['small', 'large']),
    operations: list(reader, 'BENCH_OPERATIONS', OPERATION_NAMES, OPERATION_NAMES),
    targets: list(reader, 'BENCH_TARGETS', TARGETS, TARGETS),
    profileSeconds: reader.integer('BENCH_PROFILE_SECONDS', 10, { min: 0, max: 600 }),
    soakSeconds: reader.integer('BENCH_SOAK_SECONDS', 0, { min: 0, max: 3_600 }),
    soakWarmupSeconds: reader.integer('BENCH_SOAK_WARMUP', 60, { min: 0, max: 3_600 }),
    scalingRounds: reader.integer('BENCH_SCALING_ROUNDS', 2, { min: 0, max: 20 }),
    poolSize: reader.integer('BENCH_POOL_SIZE', 10, { min: 1, max: 100 }),
    dataDir: reader.string('BENCH_DATA_DIR', join(ROOT_DIR, '.data', 'bench')),
    serverUrl: reader.string('BENCH_DATABASE_URL') ?? null,
    resultsDir: reader.string('BENCH_RESULTS_DIR', join(ROOT_DIR, 'bench', 'results')),
    supergraphPath: reader.string('SUPERGRAPH_PATH', join(ROOT_DIR, 'schema', 'supergraph.graphql')),
  };
  reader.done();
  return config;
}
