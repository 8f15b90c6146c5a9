import { createServer } from 'node:net';
import { startSubgraphForTest, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';
import { createLocation, createPart, EventBus, record, type Place } from './helpers.ts';

/**
 * The stock subgraph given a report pool of its own: a second connection to
 * the test database, counted apart, standing in for a streaming replica
 * (the scale-out proof runs against a real one).
 */
describe('stock with a report pool', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;
  let bin: Place;
  let part: { id: string; code: string };
  let movementId: string;

  beforeAll(async () => {
    const databaseUrl = inject('databaseUrl');
    stock = await startSubgraphForTest(start, databaseUrl, { reportDatabaseUrl: databaseUrl });
    bus = new EventBus(stock.db);
    const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
    bin = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
    part = await createPart(stock.db, bus, { reorderPoint: '100' });
    const { movement } = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '5', toLocationId: bin.id, unitCost: '2' });
    movementId = movement.id;
  });
  afterAll(async () => {
    await stock?.stop();
  });

  it('reads the low-stock report from the report pool only', async () => {
    const { data, errors } = await stock.execute('query ($id: ID) { lowStock(first: 5, locationId: $id) { totalCount edges { node { partNumber { id } } } } }', {
      id: bin.id,
    });
    expect(errors).toBeUndefined();
    expect(data.lowStock.totalCount).toBeGreaterThan(0);
    expect(stock.reportStatements.length).toBeGreaterThan(0);
    expect(stock.statements).toEqual([]);
  });

  it('reads the movement list and its count from the report pool only', async () => {
    const { data, errors } = await stock.execute('query ($part: ID) { movements(first: 5, filter: { partNumberId: $part }) { totalCount edges { node { id type quantity } } } }', {
      part: part.id,
    });
    expect(errors).toBeUndefined();
    expect(data.movements).toEqual({ totalCount: 1, edges: [{ node: { id: movementId, type: 'INBOUND', quantity: '5' } }] });
    expect(stock.reportStatements).toHaveLength(2);
    expect(stock.statements).toEqual([]);
  });

  it('reads the stock value under a location from the report pool, and the location itself from the primary', async () => {
    const { data, errors } = await stock.execute('query ($id: ID) { location(id: $id) { code stockValue } }', { id: bin.id });
    expect(errors).toBeUndefined();
    expect(data.location).toEqual({ code: bin.code, stockValue: '10' });
    expect(stock.reportStatements).toHaveLength(1);
    expect(stock.statements).toHaveLength(1);
  });

  it('measures the report pool in /metrics: its statements with the rest, its connections apart', async () => {
    await stock.execute('{ lowStock(first: 1) { totalCount } }');
    const metrics = await (await fetch(`${stock.url}/metrics`)).text();
    expect(metrics).toMatch(/^db_statement_duration_seconds_count\{statement="countLowStock",outcome="success"\} [1-9]/m);
    expect(metrics).toMatch(/^db_report_pool_connections\{state="total"\} [1-9]/m);
    expect(metrics).toMatch(/^db_pool_connections\{state="total"\} [0-9]/m);
  });

  it('keeps a write and every read a client makes after its own write on the primary', async () => {
    const recorded = await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity: '1', toLocationId: bin.id, unitCost: '2' });
    expect(recorded.userErrors).toEqual([]);
    expect(stock.reportStatements).toEqual([]);
    expect(stock.statements.length).toBeGreaterThan(0);

    const reads = [
      ['one movement', 'query ($id: ID!) { movement(id: $id) { id status } }', { id: recorded.movement.id }],
      ['balances at a location', 'query ($id: ID) { location(id: $id) { balances { onHand available } } }', { id: bin.id }],
      [
        "a part's balances and totals",
        'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on PartNumber { stock { onHand } balances { onHand } } } }',
        { reps: [{ __typename: 'PartNumber', id: part.id }] },
      ],
    ] as const;
    for (const [what, query, variables] of reads) {
      const { errors } = await stock.execute(query, variables);
      expect(errors, what).toBeUndefined();
      expect(stock.reportStatements, what).toEqual([]);
      expect(stock.statements.length, what).toBeGreaterThan(0);
    }
  });
});

describe('stock whose report replica cannot be reached', () => {
  let stock: SubgraphUnderTest;

  beforeAll(async () => {
    const databaseUrl = inject('databaseUrl');
    const unreachable = new URL(databaseUrl);
    unreachable.hostname = '127.0.0.1';
    // A port nothing listens on: the one a server just had.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    unreachable.port = String((closed.address() as { port: number }).port);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    stock = await startSubgraphForTest(start, databaseUrl, { reportDatabaseUrl: unreachable.toString() });
  });
  afterAll(async () => {
    await stock?.stop();
  });

  it('answers the reports with the retryable SERVICE_UNAVAILABLE on their path, and everything else as usual', async () => {
    const report = await stock.execute('{ lowStock(first: 1) { totalCount } }');
    expect(report.errors).toHaveLength(1);
    expect(report.errors![0]).toMatchObject({ path: ['lowStock'], extensions: { code: 'SERVICE_UNAVAILABLE' } });
    const list = await stock.execute('{ locations(first: 1) { totalCount } }');
    expect(list.errors).toBeUndefined();
    expect(list.data.locations.totalCount).toBeGreaterThan(0);
  });
});
