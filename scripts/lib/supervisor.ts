import { spawnNodeProcess, stopProcess, waitUntilReady, type ManagedProcess } from './processes.ts';

/** One process the supervisor keeps running. */
export interface ProcessSpec {
  readonly name: string;
  readonly entry: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Answers 200 once the process serves. */
  readonly readyUrl: string;
}

/** Backoff between restarts of a process that keeps dying: quick at first, never a tight loop. */
const RESTART_MIN_MS = 200;
const RESTART_MAX_MS = 5_000;
/** A process that served this long has recovered: its next death restarts it quickly again. */
const STABLE_AFTER_MS = 30_000;

/**
 * Keeps processes running: one that dies on its own (a crash, a kill, even a
 * clean exit nobody asked for) is started again with backoff while the
 * others keep serving. `stop()` stops them in reverse order; an exit during
 * that is never taken for a crash.
 */
export class Supervisor {
  readonly #say: (line: string) => void;
  readonly #running = new Map<string, ManagedProcess>();
  readonly #specs: ProcessSpec[] = [];
  #stopping = false;

  constructor(say: (line: string) => void) {
    this.#say = say;
  }

  /** Starts the processes together and resolves once every one is ready; rejects naming the first that fails. */
  async startAll(specs: readonly ProcessSpec[]): Promise<void> {
    await Promise.all(specs.map((spec) => this.#startOne(spec, RESTART_MIN_MS)));
  }

  /** The live processes, for tests and diagnostics. */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.#running].map(([name, managed]) => [name, managed.child.pid]));
  }

  /** Stops every process, the last started first, and waits until they have exited. */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const spec of [...this.#specs].reverse()) {
      const managed = this.#running.get(spec.name);
      if (managed) await stopProcess(managed);
    }
  }

  async #startOne(spec: ProcessSpec, nextDelayMs: number): Promise<void> {
    // Asked to stop while starting: nothing new is spawned that stop() would not see.
    if (this.#stopping) throw new Error(`${spec.name}: not started, the system is stopping`);
    if (!this.#specs.includes(spec)) this.#specs.push(spec);
    const managed = spawnNodeProcess(spec.name, spec.entry, spec.env, spec.cwd);
    this.#running.set(spec.name, managed);
    const startedAt = Date.now();
    void managed.exited.then((how) => {
      if (this.#stopping || this.#running.get(spec.name) !== managed) return;
      this.#running.delete(spec.name);
      const delay = Date.now() - startedAt > STABLE_AFTER_MS ? RESTART_MIN_MS : nextDelayMs;
      this.#say(`${spec.name} exited (${how}); starting it again in ${delay} ms.`);
      setTimeout(() => {
        if (this.#stopping) return;
        this.#startOne(spec, Math.min(delay * 2, RESTART_MAX_MS)).then(
          () => this.#say(`${spec.name} is serving again.`),
          (error: Error) => this.#say(`${spec.name} did not come back: ${error.message}`),
        );
      }, delay).unref();
    });
    await waitUntilReady(spec.readyUrl, managed.exited).catch((error: Error) => {
      throw new Error(`${spec.name}: ${error.message}`);
    });
  }
}
