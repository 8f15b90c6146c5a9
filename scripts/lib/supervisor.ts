import { spawnNodeProcess, stopProcess, waitUntilReady, type ManagedProcess } from './processes.ts';

/** One process the supervisor keeps running. */
export interface ProcessSpec {
  readonly name: string;
  readonly entry: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Answers 200 once the process serves. */
  readonly readyUrl: string;
  /**
   * Keep a standby of it: a second process with its code loaded, waiting,
   * that takes over the moment this one dies (a Node start under load takes
   * seconds; a standby's takeover, a fraction of one).
   */
  readonly standby?: boolean;
}

/** How long a standby that died on its own waits before it is prepared again. */
const STANDBY_RETRY_MS = 5_000;

/** Backoff between restarts of a process that keeps dying: quick at first, never a tight loop. */
const RESTART_MIN_MS = 200;
const RESTART_MAX_MS = 5_000;
/** A process that served this long has recovered: its next death restarts it quickly again. */
const STABLE_AFTER_MS = 30_000;

/**
 * Keeps processes running: one that dies on its own (a crash, a kill, even a
 * clean exit nobody asked for) is replaced while the others keep serving, by
 * its standby when it has one (at once), else by a new process started with
 * backoff. `stop()` stops them in reverse order; an exit during that is
 * never taken for a crash.
 */
export class Supervisor {
  readonly #say: (line: string) => void;
  readonly #running = new Map<string, ManagedProcess>();
  readonly #standbys = new Map<string, ManagedProcess>();
  /** Standbys that have loaded their code and listen for promotion. */
  readonly #waiting = new WeakSet<ManagedProcess>();
  readonly #specs: ProcessSpec[] = [];
  #stopping = false;
  /** Standbys are prepared only once everything serves, and one at a time, so they never slow a start. */
  #standbysWanted = false;
  #preparing: Promise<void> = Promise.resolve();
  readonly #queued = new Set<string>();
  /** Processes a standby has taken over at least once. */
  readonly #tookOver = new Set<string>();

  constructor(say: (line: string) => void) {
    this.#say = say;
  }

  /** Starts the processes together and resolves once every one is ready; rejects naming the first that fails. */
  async startAll(specs: readonly ProcessSpec[]): Promise<void> {
    await Promise.all(specs.map((spec) => this.#startOne(spec, RESTART_MIN_MS)));
  }

  /** Prepares a standby for every process that wants one, one after the other; call once everything serves. */
  prepareStandbys(): void {
    this.#standbysWanted = true;
    for (const spec of this.#specs) if (spec.standby && this.#running.has(spec.name)) this.#prepareStandby(spec);
    void this.#preparing.then(() => {
      if (!this.#stopping && this.#standbys.size > 0) this.#say(`Standbys ready: ${[...this.#standbys.keys()].join(', ')}.`);
    });
  }

  /** The live serving processes, for tests and diagnostics. */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.#running].map(([name, managed]) => [name, managed.child.pid]));
  }

  /** The live standbys, by the name of the process each stands in for. */
  standbyPids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.#standbys].map(([name, managed]) => [name, managed.child.pid]));
  }

  /** Stops every process, the last started first (each with its standby), and waits until they have exited. */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const spec of [...this.#specs].reverse()) {
      const managed = this.#running.get(spec.name);
      const standby = this.#standbys.get(spec.name);
      await Promise.all([managed ? stopProcess(managed) : null, standby ? stopProcess(standby) : null]);
    }
  }

  async #startOne(spec: ProcessSpec, nextDelayMs: number): Promise<void> {
    // Asked to stop while starting: nothing new is spawned that stop() would not see.
    if (this.#stopping) throw new Error(`${spec.name}: not started, the system is stopping`);
    if (!this.#specs.includes(spec)) this.#specs.push(spec);
    await this.#serve(spec, spawnNodeProcess(spec.name, spec.entry, spec.env, spec.cwd), nextDelayMs);
  }

  /** Watches `managed` as the serving process of `spec`, waits until it is ready, then prepares its standby. */
  async #serve(spec: ProcessSpec, managed: ManagedProcess, nextDelayMs: number): Promise<void> {
    this.#running.set(spec.name, managed);
    const startedAt = Date.now();
    void managed.exited.then((how) => this.#replace(spec, managed, how, Date.now() - startedAt > STABLE_AFTER_MS ? RESTART_MIN_MS : nextDelayMs));
    await waitUntilReady(spec.readyUrl, managed.exited).catch((error: Error) => {
      throw new Error(`${spec.name}: ${error.message}`);
    });
    if (spec.standby) this.#prepareStandby(spec);
  }

  #replace(spec: ProcessSpec, managed: ManagedProcess, how: string, delay: number): void {
    if (this.#stopping || this.#running.get(spec.name) !== managed) return;
    this.#running.delete(spec.name);
    const standby = this.#standbys.get(spec.name);
    if (standby && this.#waiting.has(standby) && standby.child.exitCode === null && standby.child.signalCode === null && standby.child.connected) {
      this.#standbys.delete(spec.name);
      this.#tookOver.add(spec.name);
      this.#say(`${spec.name} exited (${how}); its standby takes over.`);
      standby.child.send({ type: 'serve' });
      this.#serve(spec, standby, delay).then(
        () => this.#say(`${spec.name} is serving again.`),
        (error: Error) => this.#say(`${spec.name} did not come back: ${error.message}`),
      );
      return;
    }
    this.#say(`${spec.name} exited (${how}); starting it again in ${delay} ms.`);
    setTimeout(() => {
      if (this.#stopping) return;
      this.#startOne(spec, Math.min(delay * 2, RESTART_MAX_MS)).then(
        () => this.#say(`${spec.name} is serving again.`),
        (error: Error) => this.#say(`${spec.name} did not come back: ${error.message}`),
      );
    }, delay).unref();
  }

  /**
   * Queues a standby for `spec` unless one waits or is queued already.
   * Standbys load one after the other, so preparing them never competes
   * with itself for the CPU; one that dies on its own is prepared again later.
   */
  #prepareStandby(spec: ProcessSpec): void {
    if (this.#stopping || !this.#standbysWanted || this.#standbys.has(spec.name) || this.#queued.has(spec.name)) return;
    this.#queued.add(spec.name);
    this.#preparing = this.#preparing.then(() => this.#spawnStandby(spec)).finally(() => this.#queued.delete(spec.name));
  }

  /** Spawns the standby and resolves once it has loaded (or died). */
  #spawnStandby(spec: ProcessSpec): Promise<void> {
    if (this.#stopping || !this.#running.has(spec.name) || this.#standbys.has(spec.name)) return Promise.resolve();
    const standby = spawnNodeProcess(spec.name, spec.entry, { ...spec.env, SUPERVISOR_STANDBY: '1' }, spec.cwd);
    this.#standbys.set(spec.name, standby);
    void standby.exited.then((how) => {
      if (this.#stopping || this.#standbys.get(spec.name) !== standby) return;
      this.#standbys.delete(spec.name);
      this.#say(`${spec.name}'s standby exited (${how}); preparing another in ${STANDBY_RETRY_MS} ms.`);
      setTimeout(() => this.#prepareStandby(spec), STANDBY_RETRY_MS).unref();
    });
    return new Promise<void>((resolve) => {
      standby.child.on('message', (message: { type?: unknown } | null) => {
        if (message?.type !== 'standby-ready') return;
        this.#waiting.add(standby);
        // After a takeover, say when the part is covered again.
        if (this.#tookOver.has(spec.name)) this.#say(`${spec.name} has a standby again.`);
        resolve();
      });
      void standby.exited.then(() => resolve());
    });
  }
}
