/**
 * The load the fault suite keeps on the system while it breaks parts of it:
 * streams of requests at fixed concurrency, each response timed and
 * classified. Every loop stops by itself when told to or at its deadline.
 */

/** What one response was. */
export type Outcome =
  /** The whole answer. */
  | 'full'
  /** 200 with data, and coded errors (`SUBGRAPH_*`, `SERVICE_UNAVAILABLE`) naming the paths left empty. */
  | 'degraded'
  /** 503 or 429 with a documented code and `Retry-After`: try again shortly. */
  | 'retryable'
  /** A mutation's domain refusal in `userErrors` (for example `INSUFFICIENT_STOCK`). */
  | 'refused'
  /** Nothing listens (connection refused): the system is stopped, no request was taken. */
  | 'not-taken'
  /** Anything else: an undocumented or masked error, a dropped connection, no answer. Lost. */
  | 'lost';

export type StreamName = 'headline' | 'write' | 'heavy';

export interface Sample {
  readonly stream: StreamName;
  /** Milliseconds on the suite's clock (`performance.now()`). */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly outcome: Outcome;
  /** The error codes in the response (extensions.code, or the network error's code). */
  readonly codes: readonly string[];
  readonly detail?: string;
}

/** Codes that name an empty path in an otherwise answered response: the documented degraded answers. */
export const DEGRADED_CODES = new Set(['SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_TIMEOUT', 'SUBGRAPH_ERROR', 'SERVICE_UNAVAILABLE']);
/** Codes of a refusal before GraphQL runs that tell the client to retry. */
export const RETRYABLE_CODES = new Set(['OVERLOADED', 'SERVICE_UNAVAILABLE', 'RATE_LIMITED']);

/** How long one request may take before the suite counts it as lost. */
const CLIENT_TIMEOUT_MS = 30_000;

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message?: string; path?: unknown[]; extensions?: { code?: string } }[];
}

export interface Answer {
  readonly outcome: Outcome;
  readonly codes: string[];
  readonly body: GraphQLBody | null;
  readonly detail?: string;
}

/** Sends one operation to the gateway and classifies the answer; `root` is the field that must be answered for a full or degraded answer. */
export async function send(url: string, key: string, query: string, variables: Record<string, unknown>, root: string): Promise<Answer> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const code = cause?.code ?? (error instanceof Error ? error.name : 'ERROR');
    return { outcome: code === 'ECONNREFUSED' ? 'not-taken' : 'lost', codes: [code], body: null, detail: String(error) };
  }
  let body: GraphQLBody | null = null;
  try {
    body = JSON.parse(text) as GraphQLBody;
  } catch {
    return { outcome: 'lost', codes: [`HTTP_${response.status}`], body: null, detail: text.slice(0, 200) };
  }
  const codes = [...new Set((body.errors ?? []).map((error) => error.extensions?.code ?? 'NO_CODE'))];
  if (response.status === 503 || response.status === 429) {
    const retryable = codes.length > 0 && codes.every((code) => RETRYABLE_CODES.has(code)) && response.headers.get('retry-after') !== null;
    return { outcome: retryable ? 'retryable' : 'lost', codes, body, detail: text.slice(0, 200) };
  }
  if (response.status !== 200) return { outcome: 'lost', codes: codes.length ? codes : [`HTTP_${response.status}`], body, detail: text.slice(0, 200) };
  if (!body.errors?.length) {
    const payload = body.data?.[root] as { userErrors?: unknown[] } | null | undefined;
    if (payload === null || payload === undefined) return { outcome: 'lost', codes: ['NO_DATA'], body, detail: text.slice(0, 200) };
    return { outcome: payload.userErrors?.length ? 'refused' : 'full', codes, body };
  }
  const documented = body.errors.every((error) => DEGRADED_CODES.has(error.extensions?.code ?? '') && Array.isArray(error.path));
  return { outcome: documented ? 'degraded' : 'lost', codes, body, detail: documented ? undefined : text.slice(0, 300) };
}

/** A stream of samples that can be read by time window. */
export class Recorder {
  readonly samples: Sample[] = [];
  add(sample: Sample): void {
    this.samples.push(sample);
  }
  /** Samples of `stream` started in [from, to). */
  between(stream: StreamName, from: number, to: number): Sample[] {
    return this.samples.filter((sample) => sample.stream === stream && sample.startedAt >= from && sample.startedAt < to);
  }
}

export interface Loop {
  /** Asks the loop to stop and waits until every request in flight has answered. */
  stop(): Promise<void>;
}

/**
 * Runs `concurrency` workers that each send `next(n)` one after the other
 * until stopped or until `deadlineMs` from now, recording every answer.
 */
export function runLoop(
  recorder: Recorder,
  stream: StreamName,
  concurrency: number,
  deadlineMs: number,
  next: (n: number) => Promise<Answer>,
): Loop {
  let stopped = false;
  let n = 0;
  const deadline = performance.now() + deadlineMs;
  const worker = async () => {
    while (!stopped && performance.now() < deadline) {
      const startedAt = performance.now();
      const answer = await next(n++);
      recorder.add({ stream, startedAt, endedAt: performance.now(), outcome: answer.outcome, codes: answer.codes, ...(answer.detail ? { detail: answer.detail } : {}) });
      // Nothing listens: do not spin on refused connections.
      if (answer.outcome === 'not-taken') await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  return {
    async stop() {
      stopped = true;
      await Promise.all(workers);
    },
  };
}

/** What became of one write, retried under its idempotency key until it got a final answer. */
export interface WriteResult {
  readonly key: string;
  /** `not-taken`: abandoned once the system was stopped, its last attempt finding nothing listening. */
  readonly outcome: 'acknowledged' | 'refused' | 'unanswered' | 'not-taken';
  readonly movementId: string | null;
  readonly attempts: number;
}

/**
 * Sends a mutation as a careful client does: on a retryable answer (503,
 * 429, `SUBGRAPH_*` or `SERVICE_UNAVAILABLE` on the mutation, a dropped or
 * refused connection) it sends the same input with the same idempotency key
 * again, for at most `retryForMs`. Every attempt is recorded.
 */
export async function writeWithRetries(
  recorder: Recorder,
  retryForMs: number,
  attempt: () => Promise<Answer>,
  key: string,
  root: string,
  abandoned: () => boolean = () => false,
): Promise<WriteResult> {
  const giveUpAt = performance.now() + retryForMs;
  for (let attempts = 1; ; attempts++) {
    const startedAt = performance.now();
    const answer = await attempt();
    recorder.add({ stream: 'write', startedAt, endedAt: performance.now(), outcome: answer.outcome, codes: answer.codes, ...(answer.detail ? { detail: answer.detail } : {}) });
    if (answer.outcome === 'full') {
      const payload = answer.body?.data?.[root] as { movement?: { id: string } } | undefined;
      return { key, outcome: 'acknowledged', movementId: payload?.movement?.id ?? null, attempts };
    }
    if (answer.outcome === 'refused') return { key, outcome: 'refused', movementId: null, attempts };
    if (performance.now() > giveUpAt) return { key, outcome: 'unanswered', movementId: null, attempts };
    // The system was stopped on purpose: nothing listens, and nothing will.
    if (answer.outcome === 'not-taken' && abandoned()) return { key, outcome: 'not-taken', movementId: null, attempts };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The p-th percentile (0-100) of `values`, 0 when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
