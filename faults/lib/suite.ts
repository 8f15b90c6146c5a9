import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT_DIR } from '../../scripts/lib/subgraphs.ts';
import { DatabaseChecks, eventLatency, type WriteTarget } from './checks.ts';
import { percentile, Recorder, runLoop, send, writeWithRetries, type Loop, type Outcome, type Sample, type WriteResult } from './load.ts';
import { isAlive, waitFor } from './processes.ts';
import { PARTS, startFaultSystem, type FaultSystem, type PartName } from './system.ts';

/** How long and how hard: `short` runs inside `npm test`, `long` is `npm run faults`. */
export interface SuiteMode {
  readonly name: 'short' | 'long';
  /** Load before each fault, to know what normal looks like. */
  readonly baselineMs: number;
  /** How long PostgreSQL stays stopped, a subgraph stays stopped (SIGSTOP), and the heavy queries run. */
  readonly outageMs: number;
  readonly stallMs: number;
  readonly heavyMs: number;
  /** Load after recovery, to see that it holds. */
  readonly afterMs: number;
  readonly headlineConcurrency: number;
  readonly writeConcurrency: number;
  readonly heavyConcurrency: number;
}

export const SHORT: SuiteMode = { name: 'short', baselineMs: 1_000, outageMs: 3_000, stallMs: 3_000, heavyMs: 3_000, afterMs: 1_000, headlineConcurrency: 10, writeConcurrency: 4, heavyConcurrency: 50 };
export const LONG: SuiteMode = { name: 'long', baselineMs: 5_000, outageMs: 10_000, stallMs: 15_000, heavyMs: 20_000, afterMs: 5_000, headlineConcurrency: 16, writeConcurrency: 8, heavyConcurrency: 50 };

/** What one fault did, for the table and for the assertions. */
export interface RowResult {
  readonly fault: string;
  /** Every request sent from the fault until the row ended, by outcome. */
  readonly outcomes: Record<Outcome, number>;
  /** Error codes seen in that time, with counts. */
  readonly codes: Record<string, number>;
  readonly requests: number;
  /** Headline latency before the fault and from the fault until recovery. */
  readonly baseline: { p50: number; p99: number; perSecond: number };
  readonly during: { p50: number; p99: number; perSecond: number };
  /** From the end of the fault until every request answers in full again (null: it did not). */
  readonly recoveredMs: number | null;
  /** From the end of the fault until the gateway's /readyz says 200 again. */
  readonly readyMs: number | null;
  /** Events between subgraphs after recovery (null: one did not arrive within 10 s). */
  readonly eventLatencyMs: number | null;
  /** Writes retried under their key until answered: acknowledged, refused, never answered. */
  readonly writes: { acknowledged: number; refused: number; unanswered: number; notTaken: number; duplicated: number; missing: number } | null;
  readonly ledgerDisagreements: number;
  readonly negativeBalances: number;
  readonly duplicateApprovals: number;
  /** Processes left behind: more than one of a part, or a killed one still alive; after SIGTERM, anything alive. */
  readonly orphans: number;
  /** A few samples of lost requests, to find out why. */
  readonly lostSamples: readonly string[];
  /** What the row found wrong beyond the figures: a part nothing serves, a stop that did not finish. */
  readonly problems: readonly string[];
  readonly notes: readonly string[];
}

export interface SuiteResult {
  readonly mode: SuiteMode;
  readonly rows: readonly RowResult[];
  readonly baselineEventLatencyMs: number | null;
}

const HEADLINE = readFileSync(join(ROOT_DIR, 'schema', 'operations', 'AssetOverview.graphql'), 'utf8');
const RECORD_MOVEMENT = `mutation ($input: RecordMovementInput!) { recordMovement(input: $input) { movement { id status } userErrors { code message field } } }`;
/** Heavy but allowed: big pages across three subgraphs, and the reports with their own budget. */
const HEAVY = [
  { query: `{ assets(first: 25) { totalCount edges { node { serialNumber partNumber { code balances { onHand location { code } } } location { code ancestors { code } } configurationItem { code } } } } }`, root: 'assets' },
  { query: `{ lowStock(first: 50) { totalCount edges { node { partNumber { code } } } } }`, root: 'lowStock' },
  { query: `{ movements(first: 100) { totalCount edges { node { type quantity from { code } to { code } } } } }`, root: 'movements' },
];

function count<T extends string>(values: Iterable<T>): Record<T, number> {
  const counted = {} as Record<T, number>;
  for (const value of values) counted[value] = (counted[value] ?? 0) + 1;
  return counted;
}

const OUTCOMES: readonly Outcome[] = ['full', 'degraded', 'retryable', 'refused', 'not-taken', 'lost'];

/** Latency of the answers that overlapped [from, to), and answers completed per second in it. */
function latency(samples: readonly Sample[], from: number, to: number): { p50: number; p99: number; perSecond: number } {
  const overlapping = samples.filter((sample) => sample.startedAt < to && sample.endedAt >= from);
  const durations = overlapping.map((sample) => sample.endedAt - sample.startedAt);
  const completed = samples.filter((sample) => sample.endedAt >= from && sample.endedAt < to).length;
  return { p50: percentile(durations, 50), p99: percentile(durations, 99), perSecond: to > from ? (completed * 1000) / (to - from) : 0 };
}

/** Latency of the answers entirely inside [from, to) (what normal looks like before a fault), and answers per second. */
function latencyWithin(samples: readonly Sample[], from: number, to: number): { p50: number; p99: number; perSecond: number } {
  return latency(samples.filter((sample) => sample.startedAt >= from && sample.endedAt < to), from, to);
}

/**
 * When answers became whole again: the start of the first request after
 * the last one that was not answered in full (a domain refusal counts as an
 * answer), measured from `faultEndedAt`; 0 when nothing failed after it;
 * null when the last request still failed.
 */
function recoveryOf(samples: readonly Sample[], faultStartedAt: number, faultEndedAt: number): number | null {
  const after = samples.filter((sample) => sample.startedAt >= faultStartedAt).sort((a, b) => a.startedAt - b.startedAt);
  const good = (sample: Sample) => sample.outcome === 'full' || sample.outcome === 'refused';
  let lastBad = -1;
  after.forEach((sample, index) => {
    if (!good(sample)) lastBad = index;
  });
  if (lastBad === -1) return 0;
  const next = after[lastBad + 1];
  if (!next) return null;
  return Math.max(0, next.startedAt - faultEndedAt);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Milliseconds from now until a `/readyz` probe that answered 200 was sent
 * (null after `timeoutMs`). Probes go out every 50 ms without waiting for
 * each other, so a busy machine's slow answers delay the measurement, not
 * the moment measured.
 */
async function firstReady(url: string, timeoutMs: number): Promise<number | null> {
  const started = performance.now();
  let readyAt: number | null = null;
  const probes: Promise<void>[] = [];
  while (readyAt === null && performance.now() - started < timeoutMs) {
    const sentAt = performance.now() - started;
    probes.push(
      fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) }).then(
        (response) => {
          if (response.status === 200 && (readyAt === null || sentAt < readyAt)) readyAt = sentAt;
        },
        () => undefined,
      ),
    );
    await sleep(50);
    // Bounded: at most 200 probes wait at once.
    if (probes.length >= 200) await Promise.all(probes.splice(0, 100));
  }
  await Promise.all(probes);
  return readyAt;
}

/** A headline answer is full only when everything answered; a degraded one must still carry the asset from catalog. */
function headlineSender(system: FaultSystem, assetIds: readonly string[]) {
  return (n: number) => send(system.gatewayUrl, 'dev-analyst', HEADLINE, { id: assetIds[n % assetIds.length] }, 'asset');
}

interface Fault {
  readonly name: string;
  readonly withWrites: boolean;
  /** Waits, before any load, until the system is as it should be for this fault. */
  readonly prepare?: (system: FaultSystem) => Promise<boolean>;
  /** Breaks something; resolves with the moment (suite clock) the fault ended. */
  inject(system: FaultSystem): Promise<{ endedAt: number; killed?: number[] }>;
  /** Extra load during the fault (the heavy queries). */
  readonly heavy?: boolean;
  /** The system is meant to be gone afterwards (SIGTERM). */
  readonly stopsSystem?: boolean;
}

function partPid(system: FaultSystem, name: PartName): number {
  const pid = system.servingPid(name);
  if (pid === null) throw new Error(`no process serves ${name}`);
  return pid;
}

function faults(mode: SuiteMode): Fault[] {
  return [
    {
      name: 'kill -9 of the cmdb subgraph',
      withWrites: false,
      prepare: (system) => system.waitForStandby('cmdb'),
      async inject(system) {
        const pid = partPid(system, 'cmdb');
        process.kill(pid, 'SIGKILL');
        return { endedAt: performance.now(), killed: [pid] };
      },
    },
    {
      name: 'kill -9 of the stock subgraph under writes',
      withWrites: true,
      prepare: (system) => system.waitForStandby('stock'),
      async inject(system) {
        const pid = partPid(system, 'stock');
        process.kill(pid, 'SIGKILL');
        return { endedAt: performance.now(), killed: [pid] };
      },
    },
    {
      name: `PostgreSQL stopped ${mode.outageMs / 1000} s under reads`,
      withWrites: false,
      async inject(system) {
        await system.postgres.stop();
        await sleep(mode.outageMs);
        await system.postgres.start();
        return { endedAt: performance.now() };
      },
    },
    {
      name: 'PostgreSQL restarted under writes',
      withWrites: true,
      async inject(system) {
        await system.postgres.stop();
        await system.postgres.start();
        return { endedAt: performance.now() };
      },
    },
    {
      name: `cmdb hung (SIGSTOP ${mode.stallMs / 1000} s)`,
      withWrites: false,
      async inject(system) {
        const pid = partPid(system, 'cmdb');
        process.kill(pid, 'SIGSTOP');
        try {
          await sleep(mode.stallMs);
        } finally {
          process.kill(pid, 'SIGCONT');
        }
        return { endedAt: performance.now() };
      },
    },
    {
      name: `${mode.heavyConcurrency} concurrent heavy queries for ${mode.heavyMs / 1000} s`,
      withWrites: false,
      heavy: true,
      async inject() {
        await sleep(mode.heavyMs);
        return { endedAt: performance.now() };
      },
    },
    {
      name: 'SIGTERM to the npm start process',
      withWrites: true,
      stopsSystem: true,
      async inject(system) {
        system.census();
        system.npm.kill('SIGTERM');
        return { endedAt: performance.now() };
      },
    },
  ];
}

/** Socket-level failures: the connection closed under the request, no HTTP answer came. */
const CLOSED_UNDER = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * A request sent after the system was told to stop, whose connection the
 * stopping system closed under it, was not taken: keep-alive connections
 * close as the servers stop, and one a client picks at that very moment
 * gets no answer (the HTTP keep-alive race). A write is retried under its
 * key and checked in the ledger either way; requests under way when the
 * stop began stay lost if they fail (the graceful-stop test holds those).
 */
function asStopping(sample: Sample, stoppedAt: number): Sample {
  if (sample.outcome !== 'lost' || sample.startedAt < stoppedAt || !sample.codes.some((code) => CLOSED_UNDER.has(code))) return sample;
  return { ...sample, outcome: 'not-taken' };
}

/** Runs every fault in turn on one system started for the suite, and returns the figures. */
export async function runFaultSuite(mode: SuiteMode, log: (line: string) => void = () => undefined): Promise<SuiteResult> {
  const system = await startFaultSystem();
  const checks = await DatabaseChecks.connect(system.databaseUrl);
  const tag = `faults-${process.pid}-${Date.now().toString(36)}`;
  try {
    const assetIds = await demoAssetIds(system.databaseUrl);
    const target = await writeTarget(system.databaseUrl);
    // A first load warms every process up, so the first row's baseline is what normal looks like.
    const warmUp = runLoop(new Recorder(), 'headline', mode.headlineConcurrency, mode.baselineMs * 2, headlineSender(system, assetIds));
    await sleep(mode.baselineMs * 2);
    await warmUp.stop();
    const baselineEventLatencyMs = await eventLatency(system.gatewayUrl, checks, target, `${tag}-baseline`);
    log(`system up; event latency ${baselineEventLatencyMs?.toFixed(0)} ms`);
    const rows: RowResult[] = [];
    let rowNumber = 0;
    for (const fault of faults(mode)) {
      rowNumber++;
      log(`fault ${rowNumber}: ${fault.name}`);
      rows.push(await runRow(system, checks, mode, fault, assetIds, target, `${tag}-r${rowNumber}`));
      const row = rows.at(-1)!;
      log(`  recovered in ${row.recoveredMs?.toFixed(0) ?? 'never'} ms; ${JSON.stringify(row.outcomes)} ${JSON.stringify(row.codes)}`);
    }
    return { mode, rows, baselineEventLatencyMs };
  } finally {
    await checks.close();
    await system.dispose();
  }
}

async function runRow(system: FaultSystem, checks: DatabaseChecks, mode: SuiteMode, fault: Fault, assetIds: readonly string[], target: WriteTarget, tag: string): Promise<RowResult> {
  if (fault.prepare && !(await fault.prepare(system))) throw new Error(`the system was not ready for "${fault.name}":\n${system.log()}`);
  const recorder = new Recorder();
  const cap = 120_000;
  const logBefore = system.log().length;
  const loops: Loop[] = [runLoop(recorder, 'headline', mode.headlineConcurrency, cap, headlineSender(system, assetIds))];
  const writer = fault.withWrites ? startWriters(recorder, system, mode.writeConcurrency, cap, target, tag) : null;

  await sleep(mode.baselineMs);
  const faultStartedAt = performance.now();
  let heavy: Loop | null = null;
  if (fault.heavy) {
    heavy = runLoop(recorder, 'heavy', mode.heavyConcurrency, cap, (n) => {
      const operation = HEAVY[n % HEAVY.length]!;
      return send(system.gatewayUrl, 'dev-admin', operation.query, {}, operation.root);
    });
  }
  const { endedAt, killed = [] } = await fault.inject(system);
  if (heavy) await heavy.stop();
  const notes: string[] = [];
  const problems: string[] = [];
  let readyMs: number | null = null;
  let orphans = 0;
  let writeResults: WriteResult[] = [];
  if (fault.stopsSystem) {
    const stopped = await waitFor(() => {
      const npmExited = system.npm.exitCode !== null || system.npm.signalCode !== null;
      return npmExited && [...system.seen].every((pid) => !isAlive(pid));
    }, 60_000, 50);
    for (const loop of loops) await loop.stop();
    writeResults = (await writer?.stop({ abandon: true })) ?? [];
    orphans = [...system.seen].filter(isAlive).length;
    if (stopped === null) problems.push('not stopped within 60 s');
    else notes.push(`everything stopped ${(stopped / 1000).toFixed(1)} s after SIGTERM`);
  } else {
    // Until the gateway says every part (database, subgraphs, their event listeners) is ready, and at most 60 s.
    readyMs = await firstReady(system.gatewayUrl, 60_000);
    await sleep(mode.afterMs);
    for (const loop of loops) await loop.stop();
    writeResults = (await writer?.stop()) ?? [];
    // One process serves each part, beside at most one standby; anything more was left behind.
    const parts = system.parts();
    for (const name of PARTS) {
      const count = parts.get(name)?.length ?? 0;
      if (system.servingPid(name) === null) problems.push(`nothing serves ${name}`);
      if (count > 2) {
        orphans += count - 2;
        notes.push(`${count} ${name} processes`);
      }
    }
    orphans += killed.filter(isAlive).length;
  }
  const faultSamples = [...recorder.between('headline', faultStartedAt, Infinity), ...recorder.between('write', faultStartedAt, Infinity)].map((sample) =>
    fault.stopsSystem ? asStopping(sample, faultStartedAt) : sample,
  );
  const heavySamples = recorder.between('heavy', faultStartedAt, Infinity);
  const all = [...faultSamples, ...heavySamples];
  const recoveredMs = fault.stopsSystem ? null : recoveryOf(faultSamples, faultStartedAt, endedAt);
  const recoveredAt = endedAt + (recoveredMs ?? 0);
  const offset = (at: number) => `${at >= faultStartedAt ? '+' : ''}${Math.round(at - faultStartedAt)} ms`;
  const lostSamples = all
    .filter((sample) => sample.outcome === 'lost')
    .slice(0, 5)
    .map((sample) => `${sample.stream} sent at ${offset(sample.startedAt)}, failed at ${offset(sample.endedAt)} of the fault: ${sample.codes.join(',')} ${sample.detail ?? ''}`.slice(0, 300));

  let writeSummary: RowResult['writes'] = null;
  if (fault.withWrites) {
    const stored = await checks.movementsByKey(tag);
    let duplicated = 0;
    let missing = 0;
    for (const result of writeResults) {
      const ids = stored.get(result.key) ?? [];
      if (ids.length > 1) duplicated++;
      if (result.outcome === 'acknowledged' && (ids.length !== 1 || (result.movementId !== null && ids[0] !== result.movementId))) missing++;
    }
    writeSummary = {
      acknowledged: writeResults.filter((result) => result.outcome === 'acknowledged').length,
      refused: writeResults.filter((result) => result.outcome === 'refused').length,
      unanswered: writeResults.filter((result) => result.outcome === 'unanswered').length,
      notTaken: writeResults.filter((result) => result.outcome === 'not-taken').length,
      duplicated,
      missing,
    };
  }
  const eventLatencyMs = fault.stopsSystem ? null : await eventLatency(system.gatewayUrl, checks, target, `${tag}-probe`);
  const headlines = recorder.samples.filter((sample) => sample.stream === 'headline');
  // What the supervisor said meanwhile (a takeover, a restart, its stop).
  notes.push(...system.log().slice(logBefore).split('\n').filter(Boolean).map((line) => `supervisor: ${line}`));
  const counted = count(all.map((sample) => sample.outcome));
  return {
    fault: fault.name,
    outcomes: Object.fromEntries(OUTCOMES.map((outcome) => [outcome, counted[outcome] ?? 0])) as Record<Outcome, number>,
    codes: count(all.flatMap((sample) => sample.codes)),
    requests: all.length,
    baseline: latencyWithin(headlines, faultStartedAt - mode.baselineMs, faultStartedAt),
    // From the fault until it ended and everything was back (at least a second, so rates mean something).
    during: latency(headlines, faultStartedAt, Math.max(recoveredAt, endedAt + (readyMs ?? 0), faultStartedAt + 1_000)),
    recoveredMs,
    readyMs: readyMs === null ? null : Math.max(0, readyMs),
    eventLatencyMs,
    writes: writeSummary,
    ledgerDisagreements: await checks.ledgerDisagreements(),
    negativeBalances: await checks.negativeBalances(),
    duplicateApprovals: await checks.duplicateApprovalRequests(),
    orphans,
    lostSamples,
    problems,
    notes,
  };
}

/**
 * Writers moving one unit of the target part back and forth between its two
 * locations, each write retried under its idempotency key until answered.
 * `stop()` lets every write in flight finish and returns what became of each.
 */
function startWriters(recorder: Recorder, system: FaultSystem, concurrency: number, capMs: number, target: WriteTarget, tag: string) {
  let writing = true;
  let n = 0;
  const results: WriteResult[] = [];
  const deadline = performance.now() + capMs;
  const workers = Array.from({ length: concurrency }, async () => {
    while (writing && performance.now() < deadline) {
      const number = n++;
      const key = `${tag}-${number}`;
      const [from, to] = number % 2 === 0 ? [target.from, target.to] : [target.to, target.from];
      const input = { idempotencyKey: key, type: 'TRANSFER', partNumberId: target.partNumberId, quantity: '1', fromLocationId: from, toLocationId: to, reason: 'Fault suite' };
      const attempt = () => send(system.gatewayUrl, 'dev-operator', RECORD_MOVEMENT, { input }, 'recordMovement');
      results.push(await writeWithRetries(recorder, 20_000, attempt, key, 'recordMovement', () => abandoned));
    }
  });
  let abandoned = false;
  return {
    /** Stops sending new writes; `abandon` also stops retrying those that find nothing listening (the system was stopped). */
    async stop({ abandon = false } = {}): Promise<WriteResult[]> {
      writing = false;
      abandoned = abandon;
      await Promise.all(workers);
      return results;
    },
  };
}

async function demoAssetIds(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`SELECT id::text FROM catalog.asset ORDER BY id LIMIT 50`);
    return rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}

/** A bulk part with the most stock at one location, and a second location of the same kind to move it to and back. */
async function writeTarget(databaseUrl: string): Promise<WriteTarget> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ partNumberId: string; from: string; to: string }>(`
      SELECT b.part_number_id::text AS "partNumberId", b.location_id::text AS "from",
             (SELECT l.id::text FROM stock.location l WHERE l.type = f.type AND l.id <> f.id ORDER BY l.id LIMIT 1) AS "to"
      FROM stock.balance b
      JOIN stock.catalog_part_number p ON p.id = b.part_number_id
      JOIN stock.location f ON f.id = b.location_id
      WHERE NOT p.serialized AND p.active
      ORDER BY b.on_hand - b.reserved DESC, b.part_number_id
      LIMIT 1`);
    if (!rows[0]?.to) throw new Error('the demo data has no bulk stock to move');
    return rows[0];
  } finally {
    await client.end();
  }
}
