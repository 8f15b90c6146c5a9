import client from 'prom-client';
import type { Database, StatementEvent } from './database.ts';

/**
 * A subgraph's Prometheus metrics: the duration of every SQL statement by
 * name and outcome (on the primary and on the report pool), its connection
 * pools, and Node's process metrics.
 */
export function createSubgraphMetrics(db: Database, reportDb: Database = db) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const statements = new client.Histogram({
    name: 'db_statement_duration_seconds',
    help: 'SQL statements by name (the db module function) and outcome.',
    labelNames: ['statement', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  registerPoolGauge(registry, db);
  const observe = (event: StatementEvent) => statements.observe({ statement: event.name, outcome: event.failed ? 'error' : 'success' }, event.durationMs / 1000);
  const unobserve = [db.observe(observe)];
  // The reports' pool on a replica: its statements count with the rest, its connections apart.
  if (reportDb !== db) {
    registerPoolGauge(registry, reportDb, 'db_report_pool_connections', 'Connections of the report pool (DATABASE_READ_URL), by state.');
    unobserve.push(reportDb.observe(observe));
  }
  return { registry, stop: () => unobserve.forEach((stop) => stop()) };
}

/** `db_pool_connections{state=total|idle|waiting}`, read from the pool at each scrape. */
export function registerPoolGauge(
  registry: client.Registry,
  db: Database,
  name = 'db_pool_connections',
  help = 'Connections of the database pool, by state.',
): void {
  new client.Gauge({
    name,
    help,
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, db.pool.totalCount);
      this.set({ state: 'idle' }, db.pool.idleCount);
      this.set({ state: 'waiting' }, db.pool.waitingCount);
    },
  });
}
