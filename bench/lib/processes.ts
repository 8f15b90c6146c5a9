import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { stopProcess, waitUntilReady, type ManagedProcess } from '../../scripts/lib/processes.ts';

export { stopProcess, waitUntilReady, type ManagedProcess };

/**
 * Runs a TypeScript entry point on this Node binary with extra Node flags
 * (`--cpu-prof` when profiling). Output lines are prefixed with the name and
 * kept to stderr, so the benchmark's table on stdout stays readable.
 */
export function spawnBenchProcess(name: string, entry: string, env: NodeJS.ProcessEnv, cwd: string, nodeArgs: readonly string[] = []): ManagedProcess {
  const child = spawn(process.execPath, [...nodeArgs, entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let pending = '';
  const relay = (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const text of lines) process.stderr.write(`[${name}] ${text}\n`);
  };
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`));
  });
  return { name, child, exited };
}

/** Resident memory of a process now and at its peak (VmRSS, VmHWM), in MiB; null once it has exited. */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/**
 * Samples the resident memory of named processes every `intervalMs`, keeping
 * each one's peak and its samples (to see whether memory stays flat).
 */
export class MemorySampler {
  readonly #processes = new Map<string, number>();
  readonly #peaks = new Map<string, number>();
  readonly #samples = new Map<string, { atSeconds: number; rssMiB: number }[]>();
  readonly #started = performance.now();
  #timer: NodeJS.Timeout | null = null;

  watch(name: string, pid: number): void {
    this.#processes.set(name, pid);
  }

  forget(name: string): void {
    this.sample();
    this.#processes.delete(name);
  }

  start(intervalMs = 1_000): void {
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.sample();
  }

  sample(): void {
    const atSeconds = Math.round((performance.now() - this.#started) / 100) / 10;
    for (const [name, pid] of this.#processes) {
      const memory = memoryOf(pid);
      if (!memory) continue;
      this.#peaks.set(name, Math.max(this.#peaks.get(name) ?? 0, memory.peakMiB, memory.rssMiB));
      const list = this.#samples.get(name) ?? [];
      list.push({ atSeconds, rssMiB: Math.round(memory.rssMiB * 10) / 10 });
      this.#samples.set(name, list);
    }
  }

  /** Current RSS of one watched process, in MiB. */
  current(name: string): number | null {
    const pid = this.#processes.get(name);
    return pid === undefined ? null : (memoryOf(pid)?.rssMiB ?? null);
  }

  peaks(): Record<string, number> {
    return Object.fromEntries([...this.#peaks].map(([name, peak]) => [name, Math.round(peak * 10) / 10]));
  }

  /** The samples of each process, every `every`-th one (and always the last). */
  samples(every = 1): Record<string, { atSeconds: number; rssMiB: number }[]> {
    return Object.fromEntries(
      [...this.#samples].map(([name, list]) => [name, list.filter((_sample, index) => index % every === 0 || index === list.length - 1)]),
    );
  }
}
