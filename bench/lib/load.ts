import autocannon from 'autocannon';

/** What one load run measured. */
export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly mean: number; readonly max: number };
  /** Responses that were not a clean answer: transport errors, timeouts, non-2xx, GraphQL `errors` or mutation `userErrors`. */
  readonly errors: number;
  /** A few distinct error descriptions, for the report. */
  readonly errorSamples: readonly string[];
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly headers: Record<string, string>;
  /** The JSON body of the n-th request (n counts from 0 across all connections). */
  readonly body: (n: number) => string;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Whether a 2xx body carries an error: top-level `errors`, or a non-empty `userErrors` list. */
function errorIn(body: string): string | null {
  if (body.includes('"errors":[')) {
    const match = /"message":"([^"]{0,160})/.exec(body);
    return `GraphQL error: ${match?.[1] ?? body.slice(0, 160)}`;
  }
  const userErrors = /"userErrors":\[\{[^\]]{0,200}/.exec(body);
  return userErrors ? `userErrors: ${userErrors[0].slice(14)}` : null;
}

/**
 * Runs autocannon at fixed concurrency for a fixed time, each request with
 * its own body, and measures every response's latency itself (autocannon
 * reports no p95).
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let sent = 0;
  let errors = 0;
  const samples = new Set<string>();
  const latencies: number[] = [];
  const noteError = (text: string) => {
    errors++;
    if (samples.size < 5) samples.add(text);
  };
  const started = performance.now();
  let finish: (result: autocannon.Result) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    timeout: 10,
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: options.body(sent++) }),
        onResponse: (status, body) => {
          if (status < 200 || status >= 300) noteError(`HTTP ${status}: ${String(body).slice(0, 160)}`);
          else {
            const found = errorIn(String(body));
            if (found) noteError(found);
          }
        },
      },
    ],
  }, (error, result) => (error ? fail(error) : finish(result)));
  instance.on('response', (_client, _status, _bytes, responseTime) => {
    latencies.push(responseTime);
  });
  const result = await done;
  const seconds = Math.max(result.duration, (performance.now() - started) / 1000 - 0.05);
  const transport = result.errors + result.timeouts;
  if (transport > 0) {
    errors += transport;
    samples.add(`${result.errors} connection errors, ${result.timeouts} timeouts`);
  }
  const sorted = Float64Array.from(latencies).sort();
  const mean = latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    requests: latencies.length,
    seconds: round(seconds),
    requestsPerSecond: round(latencies.length / seconds),
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      mean: round(mean),
      max: round(sorted.length ? sorted[sorted.length - 1]! : 0),
    },
    errors,
    errorSamples: [...samples],
  };
}

/** POSTs one GraphQL request body and reads the whole answer. */
export async function postGraphQL(url: string, headers: Record<string, string>, body: string): Promise<{ ok: boolean; status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { ok: response.ok, status: response.status, text: await response.text() };
}

/** Sends `count` requests one after another (for counting statements); returns how many failed. */
export async function runSequential(url: string, headers: Record<string, string>, body: (n: number) => string, count: number, offset: number): Promise<number> {
  let failed = 0;
  for (let n = 0; n < count; n++) {
    const { ok, text } = await postGraphQL(url, headers, body(offset + n));
    if (!ok || errorIn(text)) failed++;
  }
  return failed;
}
