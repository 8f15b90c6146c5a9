/**
 * Impact analysis benchmark: builds a throwaway database with 50,000 CIs and
 * 200,000 relationships (random, hence full of cycles and diamonds), runs
 * the production impact statement at depth 5 from a sample of items, then
 * from the root of a layered graph (10 layers of 10 items, every item of a
 * layer linked to every item of the next: 10^10 distinct chains) at depths 3
 * to 10; prints timings and an EXPLAIN ANALYZE summary, and drops the
 * database.
 *
 *   node subgraphs/cmdb/bench/impact.ts [postgres://postgres@127.0.0.1:5432/test]
 *
 * The URL names any database on the server to use; the benchmark creates and
 * drops its own database beside it. Not part of `npm test`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Database, type Queryable } from '@inventory/platform';
import { migrate } from '../../../scripts/lib/migrate.ts';
import { findImpact, type ImpactQuery } from '../src/db/impact.ts';

const CIS = Number(process.env.BENCH_CIS ?? 50_000);
const RELATIONSHIPS = Number(process.env.BENCH_RELATIONSHIPS ?? 200_000);
const DEPTH = Number(process.env.BENCH_DEPTH ?? 5);
const SAMPLES = 30;
const LAYERS = 10;
const WIDTH = 10;

const serverUrl = process.argv[2] ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const name = `cmdb_bench_${randomBytes(4).toString('hex')}`;
const benchUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
})();

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, application_name: 'cmdb-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Loads the graph with set-based statements: seconds, not minutes. */
async function load(db: Database): Promise<void> {
  await db.query('benchTypes', `INSERT INTO cmdb.ci_type (code, name) VALUES ('SERVER', 'Server'), ('NETWORK_DEVICE', 'Network device'), ('APPLICATION', 'Application'), ('DATABASE', 'Database')`);
  await db.query(
    'benchRelationshipTypes',
    `INSERT INTO cmdb.relationship_type (code, name, reverse_name, propagates_impact, impact_flow) VALUES
       ('DEPENDS_ON', 'depends on', 'is used by', true, 'TARGET_TO_SOURCE'),
       ('RUNS_ON', 'runs on', 'hosts', true, 'TARGET_TO_SOURCE'),
       ('CONNECTS_TO', 'connects to', 'is connected from', true, 'BOTH'),
       ('BACKS_UP', 'backs up', 'is backed up by', false, 'TARGET_TO_SOURCE')`,
  );
  await db.query(
    'benchItems',
    `INSERT INTO cmdb.configuration_item (code, name, type_id, attributes)
     SELECT 'CI-' || lpad(n::text, 6, '0'), 'Item ' || n, 1 + n % 4, jsonb_build_object('rank', n % 100)
     FROM generate_series(1, $1::int) AS n`,
    [CIS],
  );
  // Random ends: cycles and diamonds everywhere. Duplicate (type, source, target) triples collapse, so overshoot a little.
  await db.query(
    'benchRelationships',
    `INSERT INTO cmdb.relationship (type_id, source_id, target_id)
     SELECT DISTINCT ON (t, s, d) t, s, d FROM (
       SELECT 1 + (n % 4) AS t, 1 + floor(random() * $1::int)::bigint AS s, 1 + floor(random() * $1::int)::bigint AS d
       FROM generate_series(1, ($2::int * 1.01)::int) AS n
     ) AS e
     WHERE s <> d
     LIMIT $2::int`,
    [CIS, RELATIONSHIPS],
  );
  await db.query('benchAnalyze', 'ANALYZE');
}

/**
 * Adds a root and LAYERS layers of WIDTH items, each item of layer k+1
 * depending on every item of layer k (layer 1 on the root), apart from the
 * random graph; returns the root's id.
 */
async function loadLayers(db: Database): Promise<string> {
  const [root] = await db.query<{ id: string }>(
    'benchLayerRoot',
    `INSERT INTO cmdb.configuration_item (code, name, type_id) VALUES ('LAYER-ROOT', 'Layered root', 1) RETURNING id`,
  );
  await db.query(
    'benchLayers',
    `WITH item AS (
       INSERT INTO cmdb.configuration_item (code, name, type_id)
       SELECT 'LAYER-' || layer || '-' || i, 'Layer ' || layer || ' item ' || i, 1
       FROM generate_series(1, $2::int) AS layer, generate_series(1, $3::int) AS i
       RETURNING id, split_part(code, '-', 2)::int AS layer
     )
     INSERT INTO cmdb.relationship (type_id, source_id, target_id)
     SELECT (SELECT id FROM cmdb.relationship_type WHERE code = 'DEPENDS_ON'), above.id, coalesce(below.id, $1::bigint)
     FROM item above
     LEFT JOIN item below ON below.layer = above.layer - 1
     WHERE above.layer = 1 OR below.id IS NOT NULL`,
    [root!.id, LAYERS, WIDTH],
  );
  await db.query('benchAnalyze', 'ANALYZE');
  return root!.id;
}

/** The same statement findImpact sends, run under EXPLAIN ANALYZE. */
function explaining(db: Database): Queryable & { plan: unknown } {
  const wrapper = {
    plan: null as unknown,
    async query<Row>(queryName: string, text: string, values?: readonly unknown[]): Promise<Row[]> {
      const rows = await db.query<{ 'QUERY PLAN': unknown }>(queryName, `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`, values);
      wrapper.plan = rows[0]!['QUERY PLAN'];
      return [];
    },
  };
  return wrapper;
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

const sampleRoots = () => Array.from({ length: SAMPLES }, (_, index) => String(1 + ((index * 7919) % CIS)));

async function measure(db: Database, label: string, roots: readonly string[], query: (rootId: string) => ImpactQuery): Promise<void> {
  const times: number[] = [];
  const sizes: number[] = [];
  for (const root of roots) {
    const started = performance.now();
    const rows = await findImpact(db, query(root));
    times.push(performance.now() - started);
    sizes.push(rows.length);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const items = [...sizes].sort((a, b) => a - b);
  console.log(
    `${label}: ${roots.length} runs, median ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms; ` +
      `items reached median ${percentile(items, 0.5)}, max ${items.at(-1)}`,
  );
  // Explain the slowest root: the worst case is what an explorer user waits for.
  const slowest = roots[times.indexOf(sorted.at(-1)!)]!;
  const explain = explaining(db);
  await findImpact(explain, query(slowest));
  const [plan] = explain.plan as { Plan: Record<string, unknown>; 'Execution Time': number; 'Planning Time': number }[];
  const levels = findNode(plan!.Plan, (node) => node['Node Type'] === 'Recursive Union');
  console.log(
    `  EXPLAIN ANALYZE (slowest root ${slowest}): planning ${plan!['Planning Time'].toFixed(2)} ms, execution ${plan!['Execution Time'].toFixed(2)} ms, ` +
      `levels walked ${levels?.['Actual Rows'] ?? '?'}, top node ${String(plan!.Plan['Node Type'])}, ` +
      `shared buffers hit ${String(plan!.Plan['Shared Hit Blocks'])} read ${String(plan!.Plan['Shared Read Blocks'])}`,
  );
  const scans = collect(plan!.Plan).filter((node) => String(node['Index Name'] ?? '').startsWith('relationship'));
  for (const scan of scans) console.log(`  ${String(scan['Node Type'])} on ${String(scan['Index Name'])}: ${String(scan['Actual Loops'])} loops, ${String(scan['Actual Rows'])} rows per loop`);
}

function collect(node: Record<string, unknown>): Record<string, unknown>[] {
  const children = (node.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [node, ...children.flatMap(collect)];
}

function findNode(node: Record<string, unknown>, test: (node: Record<string, unknown>) => boolean) {
  return collect(node).find(test);
}

async function main(): Promise<void> {
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const db = new Database({ connectionString: benchUrl, applicationName: 'cmdb-bench', maxConnections: 2, statementTimeoutMs: 120_000 });
  try {
    let started = performance.now();
    await migrate(benchUrl);
    console.log(`migrated ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    await load(db);
    const [counts] = await db.query<{ items: number; links: number }>(
      'benchCounts',
      `SELECT (SELECT count(*) FROM cmdb.configuration_item)::int AS items, (SELECT count(*) FROM cmdb.relationship)::int AS links`,
    );
    console.log(`loaded ${counts!.items} CIs and ${counts!.links} relationships in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await measure(db, `DOWNSTREAM depth ${DEPTH}`, sampleRoots(), (root) => ({ rootIds: [root], direction: 'DOWNSTREAM', maxDepth: DEPTH, types: null }));
    await measure(db, `UPSTREAM depth ${DEPTH}`, sampleRoots(), (root) => ({ rootIds: [root], direction: 'UPSTREAM', maxDepth: DEPTH, types: null }));
    await measure(db, `DOWNSTREAM depth ${DEPTH}, DEPENDS_ON and RUNS_ON only`, sampleRoots(), (root) => ({ rootIds: [root], direction: 'DOWNSTREAM', maxDepth: DEPTH, types: ['DEPENDS_ON', 'RUNS_ON'] }));
    const layered = await loadLayers(db);
    const runs = Array.from({ length: SAMPLES }, () => layered);
    for (const depth of [3, 5, LAYERS]) {
      await measure(db, `${LAYERS} layers of ${WIDTH} fully linked, DOWNSTREAM depth ${depth}`, runs, (root) => ({ rootIds: [root], direction: 'DOWNSTREAM', maxDepth: depth, types: null }));
    }
  } finally {
    await db.close();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    console.log(`dropped ${name}`);
  }
}

await main();
