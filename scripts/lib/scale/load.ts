/** What one request of a load stream sends, and how its answer is judged. */
export interface LoadRequest {
  readonly body: unknown;
  readonly headers: Record<string, string>;
  /** Null when the answer is a success; otherwise why it is not. */
  judge(status: number, body: any): string | null;
  /** Told about every success (to remember what a write did). */
  onSuccess?(body: any): void;
}

export interface LoadStream {
  readonly name: string;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Makes the next request; `n` counts this stream's requests from 0. */
  next(n: number): LoadRequest;
}

export interface PhaseFigures {
  readonly phase: string;
  readonly seconds: number;
  readonly byStream: Record<string, { ok: number; failed: number; p50Ms: number; p99Ms: number }>;
  readonly failures: readonly string[];
}

/**
 * Sends the streams' requests to `url` until `stop()` is called: each stream
 * keeps `concurrency` requests in flight, one after another. Every answer is
 * counted for the phase in which its request was sent (`phase(name)` starts
 * the next phase); a failure is anything but an HTTP 200 with the answer the
 * stream expects (a network error, a 5xx, a GraphQL error, a user error).
 */
export function startLoad(url: string, streams: readonly LoadStream[], firstPhase: string) {
  let phase = firstPhase;
  let phaseStarted = performance.now();
  let running = true;
  const phases: { name: string; seconds: number }[] = [];
  const results = new Map<string, { ok: number; failed: number; latencies: number[]; failures: string[] }>();
  const bucket = (name: string) => {
    let entry = results.get(name);
    if (!entry) results.set(name, (entry = { ok: 0, failed: 0, latencies: [], failures: [] }));
    return entry;
  };
  const counters = new Map<string, number>();

  const worker = async (stream: LoadStream) => {
    while (running) {
      const n = counters.get(stream.name) ?? 0;
      counters.set(stream.name, n + 1);
      const request = stream.next(n);
      const sentIn = phase;
      const started = performance.now();
      let failure: string | null;
      let body: any = null;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...request.headers },
          body: JSON.stringify(request.body),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
        failure = request.judge(response.status, body);
        if (failure !== null) failure = `HTTP ${response.status}: ${failure}`;
      } catch (error) {
        failure = `no answer: ${error instanceof Error ? `${error.name}: ${error.message}${error.cause ? ` (${String(error.cause)})` : ''}` : String(error)}`;
      }
      const entry = bucket(`${sentIn}\u0000${stream.name}`);
      if (failure === null) {
        entry.ok += 1;
        entry.latencies.push(performance.now() - started);
        request.onSuccess?.(body);
      } else {
        entry.failed += 1;
        if (entry.failures.length < 5) entry.failures.push(`${stream.name}: ${failure}`);
      }
    }
  };
  const workers = streams.flatMap((stream) => Array.from({ length: stream.concurrency }, () => worker(stream)));

  const percentile = (values: number[], p: number) => {
    if (values.length === 0) return 0;
    const sorted = [...values].sort((a, b) => a - b);
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
  };
  const close = () => phases.push({ name: phase, seconds: (performance.now() - phaseStarted) / 1000 });

  return {
    /** Ends the current phase and starts `name`. */
    phase(name: string) {
      close();
      phase = name;
      phaseStarted = performance.now();
    },
    /** Stops sending, waits for the requests in flight, and returns the figures of every phase. */
    async stop(): Promise<PhaseFigures[]> {
      close();
      running = false;
      await Promise.all(workers);
      return phases.map(({ name, seconds }) => {
        const byStream: PhaseFigures['byStream'] = {};
        const failures: string[] = [];
        for (const stream of streams) {
          const entry = results.get(`${name}\u0000${stream.name}`) ?? { ok: 0, failed: 0, latencies: [], failures: [] };
          byStream[stream.name] = { ok: entry.ok, failed: entry.failed, p50Ms: percentile(entry.latencies, 50), p99Ms: percentile(entry.latencies, 99) };
          failures.push(...entry.failures);
        }
        return { phase: name, seconds, byStream, failures };
      });
    },
  };
}
