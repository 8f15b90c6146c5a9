import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createClient, type RedisClientType } from 'redis';
import { Database } from '@inventory/platform';
import { createApiKey } from '../../../gateway/src/api-keys.ts';
import { ensureDatabase, findFreePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../embedded-postgres.ts';
import { migrate } from '../migrate.ts';
import { waitUntilReady } from '../processes.ts';
import { seedDemoData } from '../seed.ts';
import { ROOT_DIR, SUBGRAPHS, type SubgraphName } from '../subgraphs.ts';
import { haproxyBinary, startHaproxy, type BalancedService, type RunningBalancer } from './haproxy.ts';
import { startLoad, type LoadRequest, type LoadStream, type PhaseFigures } from './load.ts';
import { REPLICA_NAME, startStreamingReplica, waitUntilStreaming, type StreamingReplica } from './replica.ts';

export interface ScaleProofOptions {
  /** Length of each measured phase (two replicas of everything, then one after the kill). */
  readonly phaseSeconds: number;
  readonly warmupSeconds: number;
  /** Redis shared by the gateways; a database number of this run's own (default 11), emptied of this system's keys before and after. */
  readonly redisUrl: string;
  /** Keep the working directory (data, logs, balancer configuration) instead of deleting it. */
  readonly keep: boolean;
  readonly log: (line: string) => void;
}

/** One property the run checked, and what it saw. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface ScaleProofReport {
  readonly phases: readonly PhaseFigures[];
  readonly lag: { readonly samples: number; readonly p50Ms: number; readonly maxMs: number; readonly maxBytes: number };
  readonly balancer: Awaited<ReturnType<RunningBalancer['stats']>>;
  readonly checks: readonly Check[];
  readonly workDir: string;
}

/** A process this run started: its pid is the only handle used to stop it. */
interface Started {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<string>;
}

const HEADLINE_CONCURRENCY = 6;
const WRITE_CONCURRENCY = 2;
const REPORT_CONCURRENCY = 2;

const RECORD_MOVEMENT = `mutation ScaleRecord($input: RecordMovementInput!) {
  recordMovement(input: $input) { movement { id status } userErrors { code field message } }
}`;
const REPORTS = [
  'query ScaleLowStock { lowStock(first: 20) { totalCount edges { node { partNumber { code } shortfall } } } }',
  'query ScaleMovements($part: ID) { movements(first: 20, filter: { partNumberId: $part }) { totalCount edges { node { id type quantity } } } }',
  'query ScaleStockValue($location: ID) { location(id: $location) { code stockValue } }',
  'query ScaleImpact($ci: ID) { configurationItem(id: $ci) { code impact(direction: DOWNSTREAM, maxDepth: 3) { depth configurationItem { code } } } }',
] as const;

/**
 * The scale-out proof on one machine: a PostgreSQL primary and a streaming
 * replica (the embedded server binaries), two replicas of every subgraph and
 * two gateways behind HAProxy, one Redis. Under the headline load, a write
 * load and a report load it kills one gateway and one replica of each
 * subgraph, then checks that no request failed, that APQ and the rate limit
 * are shared between the gateways, that reports were read from the replica
 * and that the ledger is intact. Every process it starts is tracked by pid
 * and stopped at the end, whatever happens.
 */
export async function runScaleProof(options: ScaleProofOptions): Promise<ScaleProofReport> {
  const haproxy = haproxyBinary();
  if (haproxy === null) throw new SkipProof('HAProxy is not installed (Debian: apt-get install haproxy)');
  const redis: RedisClientType = createClient({ url: options.redisUrl });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch {
    throw new SkipProof(`no Redis answers at ${options.redisUrl}`);
  }

  const workDir = mkdtempSync(join(tmpdir(), 'inventory-scale-'));
  // The database server runs as the postgres user when this is root; it must reach its folder.
  chmodSync(workDir, 0o755);
  const logDir = join(workDir, 'logs');
  mkdirSync(logDir);
  const { log } = options;
  const started: Started[] = [];
  let primary: EmbeddedDatabase | null = null;
  let replica: StreamingReplica | null = null;
  let balancer: RunningBalancer | null = null;
  let db: Database | null = null;
  let succeeded = false;

  let cleaning: Promise<void> | null = null;
  // Stops everything this run started, once, in reverse order; the working directory stays when a check or the run failed.
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await db?.close().catch(() => undefined);
      for (const process_ of [...started].reverse()) await stopStarted(process_);
      await balancer?.stop().catch(() => undefined);
      await replica?.stop().catch(() => undefined);
      await primary?.stop().catch(() => undefined);
      await deleteOwnKeys(redis).catch(() => undefined);
      await redis.quit().catch(() => undefined);
      if (!options.keep && (succeeded || stopRequested)) rmSync(workDir, { recursive: true, force: true });
      else log(`kept the working directory (data, logs, balancer configuration): ${workDir}`);
    })());
  // Ctrl-C or a stop request mid-run still stops the balancer and both database servers, which would outlive this process.
  let stopRequested = false;
  const interrupted = (signal: NodeJS.Signals) => {
    stopRequested = true;
    log(`${signal}: stopping everything this run started`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const startNode = (name: string, entry: string, env: Record<string, string>): Started => {
    const out = openSync(join(logDir, `${name}.log`), 'a');
    // The IPC channel ends the child too if this process dies without cleaning up (see runProcess).
    const child = spawn(process.execPath, [entry], { cwd: ROOT_DIR, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', out, out, 'ipc'] });
    closeSync(out);
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`)));
    const entryStarted = { name, child, exited };
    started.push(entryStarted);
    return entryStarted;
  };

  try {
    await deleteOwnKeys(redis);
    log('starting the PostgreSQL primary and loading the demo data');
    primary = await startEmbeddedPostgres(join(workDir, 'primary'));
    const primaryUrl = await ensureDatabase(primary.serverUrl, 'inventory');
    await migrate(primaryUrl);
    await seedDemoData(primaryUrl);
    log('making a streaming replica (base backup through a replication slot)');
    replica = await startStreamingReplica(primary.serverUrl, join(workDir, 'primary', 'cluster'), join(workDir, 'replica'), join(logDir, 'replica.log'));
    await waitUntilStreaming(primary.serverUrl);
    const replicaUrl = replica.urlOf('inventory');

    db = new Database({ connectionString: primaryUrl, applicationName: 'scale-test', maxConnections: 2 });
    const tag = randomBytes(4).toString('hex');
    const key = async (role: string, purpose: string) => {
      const created = await createApiKey(db!, { name: `scale-${purpose}-${tag}`, roles: [role] }, { subject: 'scale-test', roles: ['admin'] });
      if (!created.ok) throw new Error(created.message);
      return created.key;
    };
    const keys = { analyst: await key('analyst', 'analyst'), operator: await key('operator', 'operator'), apq: await key('analyst', 'apq'), budget: await key('analyst', 'budget') };

    const secrets = Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, randomBytes(24).toString('hex')])) as Record<SubgraphName, string>;
    const frontPorts = { gateway: await findFreePort(), ...(Object.fromEntries(await Promise.all(SUBGRAPHS.map(async ({ name }) => [name, await findFreePort()]))) as Record<SubgraphName, number>) };
    const services: BalancedService[] = [];
    const replicas: Record<string, Started[]> = {};

    log('starting two replicas of each subgraph');
    for (const { name } of SUBGRAPHS) {
      const servers: { name: string; port: number }[] = [];
      replicas[name] = [];
      for (const index of [1, 2]) {
        const port = await findFreePort();
        servers.push({ name: `${name}${index}`, port });
        const process_ = startNode(`${name}-${index}`, `subgraphs/${name}/src/index.ts`, {
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_URL: primaryUrl,
          DATABASE_READ_URL: replicaUrl,
          DATABASE_POOL_SIZE: '4',
          GATEWAY_SIGNING_SECRET: secrets[name],
        });
        replicas[name]!.push(process_);
        await waitUntilReady(`http://127.0.0.1:${port}/readyz`, process_.exited, 60_000);
      }
      services.push({ name, port: frontPorts[name], servers, checkPath: '/readyz' });
    }
    const gatewayPorts = [await findFreePort(), await findFreePort()];
    // The gateways are checked for life, not readiness: a gateway's readiness includes every subgraph, so a slow
    // subgraph tier would take both gateways out at once, where partial answers with coded errors serve clients better.
    services.unshift({ name: 'gateway', port: frontPorts.gateway, servers: gatewayPorts.map((port, index) => ({ name: `gateway${index + 1}`, port })), checkPath: '/healthz' });
    balancer = await startHaproxy(haproxy, join(workDir, 'haproxy.cfg'), services, join(workDir, 'haproxy.sock'), join(logDir, 'haproxy.log'));

    log('starting two gateways behind the balancer');
    const gateways: Started[] = [];
    for (const [index, port] of gatewayPorts.entries()) {
      const gateway = startNode(`gateway-${index + 1}`, 'gateway/src/index.ts', {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: primaryUrl,
        REDIS_URL: options.redisUrl,
        RATE_LIMIT_PER_MINUTE: '1000000',
        METRICS_TOKEN: randomBytes(24).toString('hex'),
        ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [`SUBGRAPH_${name.toUpperCase()}_URL`, `http://127.0.0.1:${frontPorts[name]}/graphql`])),
        ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [`SUBGRAPH_${name.toUpperCase()}_SECRET`, secrets[name]])),
      });
      gateways.push(gateway);
      await waitUntilReady(`http://127.0.0.1:${port}/readyz`, gateway.exited, 60_000);
    }
    await waitUntilAllUp(balancer, services.length);

    const gatewayUrl = (port: number) => `http://127.0.0.1:${port}/graphql`;
    const balancedUrl = gatewayUrl(frontPorts.gateway);
    const facts = await demoFacts(db);
    const checks: Check[] = [];

    // APQ: a query only the first gateway was sent is known to the second.
    const apqQuery = `query ScaleApq${tag} { partNumber(id: "${facts.partId}") { code } }`;
    const apqHash = createHash('sha256').update(apqQuery).digest('hex');
    const apq = (url: string, body: object) => post(url, { ...body, extensions: { persistedQuery: { version: 1, sha256Hash: apqHash } } }, keys.apq);
    const unknownFirst = await apq(gatewayUrl(gatewayPorts[1]!), {});
    const registered = await apq(gatewayUrl(gatewayPorts[0]!), { query: apqQuery });
    const hitOnSecond = await apq(gatewayUrl(gatewayPorts[1]!), {});
    checks.push({
      name: 'APQ registered through one gateway hits through the other',
      ok: unknownFirst.body?.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND' && registered.body?.data?.partNumber?.code && hitOnSecond.body?.data?.partNumber?.code === registered.body.data.partNumber.code,
      detail: `second gateway before: ${unknownFirst.body?.errors?.[0]?.extensions?.code ?? 'found'}; registered on the first: ${registered.status}; second gateway after: ${hitOnSecond.body?.data ? 'hit' : JSON.stringify(hitOnSecond.body)}`,
    });

    // The rate limit: one budget per key, counted down by either gateway.
    const remaining: number[] = [];
    for (const port of [gatewayPorts[0]!, gatewayPorts[1]!, gatewayPorts[0]!, gatewayPorts[1]!]) {
      const answer = await post(gatewayUrl(port), { query: '{ __typename }' }, keys.budget);
      remaining.push(Number(answer.headers.get('ratelimit-remaining')));
    }
    checks.push({
      name: 'the rate limit is one budget across the gateways',
      ok: remaining.every((value, index) => index === 0 || value === remaining[index - 1]! - 1),
      detail: `RateLimit-Remaining through gateways 1, 2, 1, 2: ${remaining.join(', ')}`,
    });

    // Stock to move during the write load: a value under the approval threshold at the part's average cost, and
    // enough that the transfers (each after a receipt of one) never run short.
    const stocked = await post(balancedUrl, { query: RECORD_MOVEMENT, variables: { input: { idempotencyKey: `scale-${tag}-stock`, type: 'INBOUND', partNumberId: facts.partId, toLocationId: facts.binIds[0], quantity: '200', unitCost: '0.01' } } }, keys.operator);
    if (stocked.body?.data?.recordMovement?.movement?.status !== 'POSTED') throw new Error(`could not stock the write load's part: ${JSON.stringify(stocked.body)}`);

    const replicaBefore = await replicaTransactions(replicaUrl);
    const acknowledged = new Set<string>();
    const streams = loadStreams({ keys, facts, tag, acknowledged, headlineHash: headlineHash() });
    const sampler = sampleLag(primary.serverUrl);
    log(`load: ${HEADLINE_CONCURRENCY} headline, ${WRITE_CONCURRENCY} write and ${REPORT_CONCURRENCY} report streams through ${balancedUrl}`);
    const load = startLoad(balancedUrl, streams, 'warm-up');
    await sleep(options.warmupSeconds * 1000);
    // One replica of each kind first (the second ones in maintenance), then two, on processes equally warm.
    const second = services.map((service) => [service.name, service.servers[1]!.name] as const);
    for (const [backend, server] of second) await balancer.setState(backend, server, 'maint');
    load.phase('1 replica each');
    await sleep(options.phaseSeconds * 1000);
    for (const [backend, server] of second) await balancer.setState(backend, server, 'ready');
    load.phase('2 replicas each');
    await sleep(options.phaseSeconds * 1000);
    load.phase('after killing one of each');
    const victims = [gateways[0]!, ...SUBGRAPHS.map(({ name }) => replicas[name]![0]!)];
    log(`killing ${victims.map((victim) => `${victim.name} (pid ${victim.child.pid})`).join(', ')} with SIGKILL`);
    for (const victim of victims) victim.child.kill('SIGKILL');
    await sleep(options.phaseSeconds * 1000);
    const phases = await load.stop();
    const lag = await sampler.stop();
    const balancerStats = await balancer.stats();

    const afterKill = await apq(balancedUrl, {});
    checks.push({
      name: 'after the kill, the surviving gateway still knows the APQ the killed one registered',
      ok: afterKill.body?.data?.partNumber?.code === registered.body?.data?.partNumber?.code,
      detail: afterKill.body?.data ? 'hit' : JSON.stringify(afterKill.body),
    });

    const failed = phases.reduce((sum, phase) => sum + Object.values(phase.byStream).reduce((total, stream) => total + stream.failed, 0), 0);
    const answered = phases.reduce((sum, phase) => sum + Object.values(phase.byStream).reduce((total, stream) => total + stream.ok, 0), 0);
    checks.push({
      name: 'no request failed while replicas were killed',
      ok: failed === 0 && answered > 0,
      detail: `${answered} answered, ${failed} failed${failed ? `: ${phases.flatMap((phase) => phase.failures).slice(0, 5).join(' | ')}` : ''}`,
    });
    const downAfterKill = await backendsNotDownToOne(balancer);
    checks.push({
      name: 'the balancer took every killed replica out',
      ok: downAfterKill.length === 0,
      detail: downAfterKill.length ? `backends without exactly one server up: ${downAfterKill.join(', ')}` : 'each backend has one server up',
    });

    await waitUntilCaughtUp(primary.serverUrl);
    checks.push(await reportsReadFromReplica(primaryUrl, replicaUrl, replicaBefore));
    const failedWrites = phases.reduce((sum, phase) => sum + (phase.byStream.writes?.failed ?? 0), 0);
    checks.push(...(await ledgerChecks({ db, replicaUrl, tag, acknowledged, failedWrites, facts, balancedUrl, analystKey: keys.analyst })));

    succeeded = checks.every((check) => check.ok);
    return { phases, lag, balancer: balancerStats, checks, workDir };
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await cleanUp();
  }
}

/** The proof cannot run here (a missing balancer or Redis); not a failure of the system. */
export class SkipProof extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SkipProof';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(url: string, body: object, apiKey: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify(body) });
  const text = await response.text();
  let parsed: any = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

async function stopStarted(process_: Started): Promise<void> {
  const { child } = process_;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await process_.exited;
  clearTimeout(timer);
}

/** Deletes this system's keys (`inventory:*`: APQ, rate limits, nonces) from the run's own Redis database. */
async function deleteOwnKeys(redis: RedisClientType): Promise<void> {
  for await (const batch of redis.scanIterator({ MATCH: 'inventory:*', COUNT: 500 })) {
    const keys = (Array.isArray(batch) ? batch : [batch]) as string[];
    if (keys.length > 0) await redis.del(keys);
  }
}

/** The backends that do not show exactly one server up, waiting up to 10 s for a check in progress to settle. */
async function backendsNotDownToOne(balancer: RunningBalancer): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const stats = await balancer.stats();
    const wrong = Object.entries(stats).filter(([, entry]) => entry.serversUp !== 1).map(([name]) => name);
    if (wrong.length === 0 || Date.now() > deadline) return wrong;
    await sleep(250);
  }
}

async function waitUntilAllUp(balancer: RunningBalancer, backends: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const stats = await balancer.stats();
    if (Object.keys(stats).length === backends && Object.values(stats).every((entry) => entry.serversUp === 2)) return;
    if (Date.now() > deadline) throw new Error(`the balancer does not see every replica up: ${JSON.stringify(stats)}`);
    await sleep(200);
  }
}

function headlineHash(): string {
  const manifest = JSON.parse(readFileSync(join(ROOT_DIR, 'schema', 'persisted-operations.json'), 'utf8')) as { operations: { id: string; name: string }[] };
  const operation = manifest.operations.find((candidate) => candidate.name === 'AssetOverview');
  if (!operation) throw new Error('AssetOverview is not a registered operation');
  return operation.id;
}

interface DemoFacts {
  readonly assetIds: readonly string[];
  readonly partId: string;
  readonly binIds: readonly [string, string];
  readonly warehouseId: string;
  readonly ciId: string;
}

async function demoFacts(db: Database): Promise<DemoFacts> {
  const assets = await db.query<{ id: string }>('scaleAssets', 'SELECT id::text FROM catalog.asset ORDER BY id LIMIT 200');
  const [part] = await db.query<{ id: string }>('scalePart', 'SELECT id::text FROM catalog.part_number WHERE NOT serialized AND active ORDER BY id LIMIT 1');
  const bins = await db.query<{ id: string }>('scaleBins', "SELECT id::text FROM stock.location WHERE type = 'BIN' AND active ORDER BY id LIMIT 2");
  const [warehouse] = await db.query<{ id: string }>('scaleWarehouse', "SELECT id::text FROM stock.location WHERE type = 'WAREHOUSE' ORDER BY id LIMIT 1");
  const [ci] = await db.query<{ id: string }>('scaleCi', 'SELECT source_id::text AS id FROM cmdb.relationship GROUP BY source_id ORDER BY count(*) DESC, source_id LIMIT 1');
  if (!part || bins.length < 2 || !warehouse || !ci || assets.length === 0) throw new Error('the demo dataset lacks what the load needs');
  return { assetIds: assets.map((row) => row.id), partId: part.id, binIds: [bins[0]!.id, bins[1]!.id], warehouseId: warehouse.id, ciId: ci.id };
}

function loadStreams({ keys, facts, tag, acknowledged, headlineHash }: {
  keys: { analyst: string; operator: string };
  facts: DemoFacts;
  tag: string;
  acknowledged: Set<string>;
  headlineHash: string;
}): LoadStream[] {
  const graphqlOk = (status: number, body: any) =>
    status !== 200 ? JSON.stringify(body).slice(0, 300) : body?.errors ? JSON.stringify(body.errors).slice(0, 300) : null;
  const headline: LoadStream = {
    name: 'headline',
    concurrency: HEADLINE_CONCURRENCY,
    next: (n): LoadRequest => ({
      headers: { 'x-api-key': keys.analyst },
      body: { variables: { id: facts.assetIds[n % facts.assetIds.length] }, extensions: { persistedQuery: { version: 1, sha256Hash: headlineHash } } },
      judge: (status, body) => graphqlOk(status, body) ?? (body?.data?.asset?.id ? null : 'no asset in the answer'),
    }),
  };
  const writes: LoadStream = {
    name: 'writes',
    concurrency: WRITE_CONCURRENCY,
    next: (n): LoadRequest => {
      const idempotencyKey = `scale-${tag}-${n}`;
      const input =
        n % 2 === 0
          ? { idempotencyKey, type: 'INBOUND', partNumberId: facts.partId, toLocationId: facts.binIds[0], quantity: '1', unitCost: '0.01' }
          : { idempotencyKey, type: 'TRANSFER', partNumberId: facts.partId, fromLocationId: facts.binIds[0], toLocationId: facts.binIds[1], quantity: '1' };
      return {
        headers: { 'x-api-key': keys.operator },
        body: { query: RECORD_MOVEMENT, variables: { input } },
        judge(status, body) {
          const failure = graphqlOk(status, body);
          if (failure) return failure;
          const payload = body?.data?.recordMovement;
          if (payload?.userErrors?.length) return JSON.stringify(payload.userErrors);
          return payload?.movement?.status === 'POSTED' ? null : `movement ${JSON.stringify(payload?.movement)}`;
        },
        onSuccess: (body) => acknowledged.add(body.data.recordMovement.movement.id),
      };
    },
  };
  const reports: LoadStream = {
    name: 'reports',
    concurrency: REPORT_CONCURRENCY,
    next: (n): LoadRequest => ({
      headers: { 'x-api-key': keys.analyst },
      body: { query: REPORTS[n % REPORTS.length], variables: { part: facts.partId, location: facts.warehouseId, ci: facts.ciId } },
      judge: graphqlOk,
    }),
  };
  return [headline, writes, reports];
}

/** Samples the replica's replay lag on the primary every 250 ms until stopped. */
function sampleLag(serverUrl: string) {
  const samples: { ms: number; bytes: number }[] = [];
  let running = true;
  const loop = (async () => {
    const client = new pg.Client({ connectionString: serverUrl, application_name: 'scale-monitor' });
    await client.connect();
    try {
      while (running) {
        const { rows } = await client.query<{ ms: number | null; bytes: string | null }>(
          `SELECT (extract(epoch FROM replay_lag) * 1000)::float8 AS ms, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text AS bytes
           FROM pg_stat_replication WHERE application_name = $1`,
          [REPLICA_NAME],
        );
        if (rows[0]) samples.push({ ms: rows[0].ms ?? 0, bytes: Number(rows[0].bytes ?? 0) });
        await sleep(250);
      }
    } finally {
      await client.end();
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
      return {
        samples: samples.length,
        p50Ms: Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 10) / 10,
        maxMs: Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10,
        maxBytes: Math.max(0, ...samples.map((sample) => sample.bytes)),
      };
    },
  };
}

async function waitUntilCaughtUp(serverUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, application_name: 'scale-monitor' });
  await client.connect();
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await client.query<{ behind: string }>(
        'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text AS behind FROM pg_stat_replication WHERE application_name = $1',
        [REPLICA_NAME],
      );
      if (rows[0] && Number(rows[0].behind) <= 0) return;
      if (Date.now() > deadline) throw new Error(`the replica has not caught up after 30 s (${rows[0]?.behind ?? '?'} bytes behind)`);
      await sleep(100);
    }
  } finally {
    await client.end();
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'scale-monitor' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function replicaTransactions(replicaUrl: string): Promise<number> {
  return withClient(replicaUrl, async (client) => {
    const { rows } = await client.query<{ count: string }>("SELECT xact_commit::text AS count FROM pg_stat_database WHERE datname = 'inventory'");
    return Number(rows[0]?.count ?? 0);
  });
}

/** The report pools connect to the replica only, and the replica served transactions. */
async function reportsReadFromReplica(primaryUrl: string, replicaUrl: string, transactionsBefore: number): Promise<Check> {
  const reportPools = (url: string) =>
    withClient(url, async (client) => {
      const { rows } = await client.query<{ name: string; count: number }>(
        "SELECT application_name AS name, count(*)::int AS count FROM pg_stat_activity WHERE application_name LIKE '%-reports' GROUP BY 1 ORDER BY 1",
      );
      return rows;
    });
  const onReplica = await reportPools(replicaUrl);
  const onPrimary = await reportPools(primaryUrl);
  const transactions = (await replicaTransactions(replicaUrl)) - transactionsBefore;
  const names = onReplica.map((row) => row.name);
  return {
    name: 'reports read from the replica',
    ok: names.includes('stock-reports') && names.includes('cmdb-reports') && onPrimary.length === 0 && transactions > 0,
    detail: `report connections on the replica: ${onReplica.map((row) => `${row.name} ${row.count}`).join(', ') || 'none'}; on the primary: ${onPrimary.length}; transactions the replica served during the load: ${transactions}`,
  };
}

/** The ledger after the run: one movement per acknowledged write, balances equal to the ledger, the replica equal to the primary. */
async function ledgerChecks({ db, replicaUrl, tag, acknowledged, failedWrites, facts, balancedUrl, analystKey }: {
  db: Database;
  failedWrites: number;
  replicaUrl: string;
  tag: string;
  acknowledged: Set<string>;
  facts: DemoFacts;
  balancedUrl: string;
  analystKey: string;
}): Promise<Check[]> {
  const runMovements = `SELECT count(*)::int AS count, count(DISTINCT idempotency_key)::int AS keys FROM stock.movement WHERE idempotency_key LIKE '%' || $1 || '%' AND idempotency_key NOT LIKE '%-stock'`;
  const [onPrimary] = await db.query<{ count: number; keys: number }>('scaleRunMovements', runMovements, [`scale-${tag}-`]);
  const [mismatches] = await db.query<{ count: number }>(
    'scaleLedgerMismatches',
    `WITH ledger AS (
       SELECT part_number_id, location_id, sum(delta) AS on_hand FROM (
         SELECT part_number_id, to_location_id AS location_id, quantity AS delta FROM stock.movement WHERE status = 'POSTED' AND to_location_id IS NOT NULL
         UNION ALL
         SELECT part_number_id, from_location_id, -quantity FROM stock.movement WHERE status = 'POSTED' AND from_location_id IS NOT NULL
       ) deltas GROUP BY 1, 2
     )
     SELECT count(*)::int AS count FROM ledger l FULL JOIN stock.balance b USING (part_number_id, location_id)
     WHERE coalesce(l.on_hand, 0) <> coalesce(b.on_hand, 0)`,
  );
  const onReplica = await withClient(replicaUrl, async (client) => (await client.query<{ count: number; keys: number }>(runMovements, [`scale-${tag}-`])).rows[0]!);
  const [partMovements] = await db.query<{ count: number }>('scalePartMovements', 'SELECT count(*)::int AS count FROM stock.movement WHERE part_number_id = $1', [facts.partId]);
  const report = await post(balancedUrl, { query: REPORTS[1], variables: { part: facts.partId } }, analystKey);
  const [acknowledgedFound] = await db.query<{ count: number }>('scaleAcknowledged', 'SELECT count(*)::int AS count FROM stock.movement WHERE id = ANY($1::bigint[])', [[...acknowledged]]);
  return [
    {
      // A write that failed may or may not have been recorded; with no failures the two counts are equal.
      name: 'one ledger row per acknowledged write, none twice',
      ok: acknowledgedFound!.count === acknowledged.size && onPrimary!.keys === onPrimary!.count && onPrimary!.count <= acknowledged.size + failedWrites,
      detail: `${acknowledged.size} writes acknowledged, all ${acknowledgedFound!.count === acknowledged.size ? '' : 'NOT '}in the ledger; ${failedWrites} failed; ${onPrimary!.count} movements with this run's keys (${onPrimary!.keys} distinct keys)`,
    },
    {
      name: 'every balance equals its ledger',
      ok: mismatches!.count === 0,
      detail: `${mismatches!.count} balances differ from the sum of their posted movements`,
    },
    {
      name: 'the replica holds the same ledger, and the report read from it says so',
      ok: onReplica.count === onPrimary!.count && report.body?.data?.movements?.totalCount === partMovements!.count,
      detail: `run movements on the replica: ${onReplica.count}; movements report through the gateway: ${report.body?.data?.movements?.totalCount ?? JSON.stringify(report.body)}, primary: ${partMovements!.count}`,
    },
  ];
}
