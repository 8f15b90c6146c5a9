/**
 * The floor for the benchmark: the least work that can answer each benchmark
 * operation. A bare `node:http` server takes the same POST /graphql body as
 * the gateways, ignores the document, and answers by `operationName` with
 * ONE hand-written SQL statement (queries.ts) that builds the whole response
 * JSON in PostgreSQL: AssetOverview, PartNumberList, LowStockUnderWarehouse,
 * CiImpact and BenchRecordMovement (an INBOUND of a bulk part, written with
 * data-modifying CTEs). No GraphQL, no federation hops, no authentication.
 * Anything else gets a 404.
 *
 * One limit of the one-statement write is described in queries.ts: two
 * concurrent requests with the same new idempotency key.
 *
 * Environment: PORT, DATABASE_URL, DATABASE_POOL_SIZE (default 10), and the
 * stock subgraph's STOCK_APPROVAL_VALUE_THRESHOLD and
 * STOCK_APPROVAL_CONFIDENCE_THRESHOLD (same defaults).
 */
import pg from 'pg';
import { createFloorServer } from './http.ts';
import { readFloorSettings } from './queries.ts';

const port = Number(process.env.PORT ?? 4200);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10), application_name: 'bench-floor' });
pool.on('error', () => undefined);
const server = createFloorServer(pool, readFloorSettings(process.env));
server.listen(port, '127.0.0.1', () => process.stderr.write(`floor listening on http://127.0.0.1:${port}/graphql\n`));

const stop = () => {
  server.close();
  void pool.end().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
