import { startSubgraphForTest, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { movementSummaryStatement } from '../src/db/summaries.ts';
import { start } from '../src/server.ts';
import { createLocation, createPart, EventBus, record, type Place } from './helpers.ts';

const SUMMARY = `query ($from: DateTime!, $to: DateTime!, $groupBy: [MovementSummaryDimension!]!, $period: SummaryPeriod,
                        $locationId: ID, $partNumberId: ID, $types: [MovementType!]) {
  movementSummary(from: $from, to: $to, groupBy: $groupBy, period: $period, locationId: $locationId, partNumberId: $partNumberId, types: $types) {
    type period location { id } partNumber { id } movements quantity value
  }
}`;

const BY_CHILD = 'query ($id: ID!) { location(id: $id) { stockValue stockValueByChild { id location { code } stockValue } } }';

/**
 * Analysts' summaries, read from a report pool of their own (a second
 * connection to the test database standing in for a replica), over
 * movements this test records and then dates where it needs them.
 */
describe('movement summaries and stock value by child location', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;
  let warehouse: Place;
  let shelf: Place;
  let a: Place;
  let b: Place;
  let c: Place;
  let elsewhere: Place;
  let p1: { id: string };
  let p2: { id: string };

  /** Sets the posting time of posted movements (the ledger refuses this to everyone else: its triggers are set aside here). */
  const postAt = (movementId: string, at: string) =>
    stock.db.transaction(async (tx) => {
      await tx.query('testReplicaRole', "SET LOCAL session_replication_role = 'replica'");
      await tx.query('testBackdateMovement', 'UPDATE stock.movement SET posted_at = $2 WHERE id = $1', [movementId, at]);
    });

  const summary = async (variables: Record<string, unknown>) => {
    const { data, errors } = await stock.execute(SUMMARY, { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z', ...variables });
    expect(errors).toBeUndefined();
    return data.movementSummary as Record<string, unknown>[];
  };
  const row = (values: Record<string, unknown>) => ({ type: null, period: null, location: null, partNumber: null, ...values });

  beforeAll(async () => {
    const databaseUrl = inject('databaseUrl');
    stock = await startSubgraphForTest(start, databaseUrl, { reportDatabaseUrl: databaseUrl });
    bus = new EventBus(stock.db);
    const tag = uniqueTag();
    warehouse = await createLocation(stock, { type: 'WAREHOUSE', code: `${tag}-W` });
    shelf = await createLocation(stock, { type: 'SHELF', parentId: warehouse.id, code: `${tag}-W-1` });
    a = await createLocation(stock, { type: 'BIN', parentId: shelf.id, code: `${tag}-W-1-A` });
    b = await createLocation(stock, { type: 'BIN', parentId: warehouse.id, code: `${tag}-W-2` });
    c = await createLocation(stock, { type: 'BIN', parentId: warehouse.id, code: `${tag}-W-3` });
    elsewhere = await createLocation(stock, { type: 'WAREHOUSE', code: `${tag}-X` });
    p1 = await createPart(stock.db, bus);
    p2 = await createPart(stock.db, bus);

    // Each movement with the posting time it gets (weeks start on Monday: 2026-01-26, 02-02 and 02-09 are Mondays).
    const movements: [Record<string, unknown>, string][] = [
      [{ type: 'INBOUND', partNumberId: p1.id, quantity: '10', unitCost: '4', toLocationId: a.id }, '2026-01-31T23:30:00Z'],
      [{ type: 'INBOUND', partNumberId: p1.id, quantity: '30', unitCost: '8', toLocationId: b.id }, '2026-02-01T00:10:00Z'],
      [{ type: 'OUTBOUND', partNumberId: p1.id, quantity: '5', fromLocationId: a.id }, '2026-02-02T12:00:00Z'],
      [{ type: 'TRANSFER', partNumberId: p1.id, quantity: '5', fromLocationId: b.id, toLocationId: a.id }, '2026-02-08T23:59:59Z'],
      [{ type: 'INBOUND', partNumberId: p2.id, quantity: '2', unitCost: '100', toLocationId: a.id }, '2026-02-09T00:00:00Z'],
      [{ type: 'INBOUND', partNumberId: p1.id, quantity: '1', unitCost: '7', toLocationId: elsewhere.id }, '2026-02-03T08:00:00Z'],
    ];
    for (const [input, at] of movements) {
      const { movement, userErrors } = await record(stock, input);
      expect(userErrors).toEqual([]);
      expect(movement.status).toBe('POSTED');
      await postAt(movement.id, at);
    }
  });
  afterAll(async () => {
    await stock?.stop();
  });

  it('totals the movements under a subtree by type, each figure exact (the outbound and transfer carry the average cost 7)', async () => {
    expect(await summary({ groupBy: ['TYPE'], locationId: warehouse.id })).toEqual([
      row({ type: 'INBOUND', movements: 3, quantity: '42', value: '480' }),
      row({ type: 'OUTBOUND', movements: 1, quantity: '5', value: '35' }),
      row({ type: 'TRANSFER', movements: 1, quantity: '5', value: '35' }),
    ]);
    expect(await summary({ groupBy: [], locationId: warehouse.id })).toEqual([row({ movements: 5, quantity: '52', value: '550' })]);
    // Grand totals of a period without movements: one row of zeros.
    expect(await summary({ groupBy: [], locationId: warehouse.id, from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' })).toEqual([
      row({ movements: 0, quantity: '0', value: '0' }),
    ]);
    expect(await summary({ groupBy: ['TYPE'], locationId: warehouse.id, from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' })).toEqual([]);
  });

  it('groups by UTC month, ISO week and day, the period starting at `from` and ending before `to`', async () => {
    expect(await summary({ groupBy: ['PERIOD'], period: 'MONTH', locationId: warehouse.id })).toEqual([
      row({ period: '2026-01-01', movements: 1, quantity: '10', value: '40' }),
      row({ period: '2026-02-01', movements: 4, quantity: '42', value: '510' }),
    ]);
    expect(await summary({ groupBy: ['PERIOD'], period: 'WEEK', locationId: warehouse.id })).toEqual([
      row({ period: '2026-01-26', movements: 2, quantity: '40', value: '280' }),
      row({ period: '2026-02-02', movements: 2, quantity: '10', value: '70' }),
      row({ period: '2026-02-09', movements: 1, quantity: '2', value: '200' }),
    ]);
    // Receipts of one part everywhere, by day, from 23:00 on January 31st to the start of February 9th.
    expect(
      await summary({ groupBy: ['PERIOD', 'TYPE'], from: '2026-01-31T23:00:00Z', to: '2026-02-09T00:00:00Z', partNumberId: p1.id, types: ['INBOUND'] }),
    ).toEqual([
      row({ period: '2026-01-31', type: 'INBOUND', movements: 1, quantity: '10', value: '40' }),
      row({ period: '2026-02-01', type: 'INBOUND', movements: 1, quantity: '30', value: '240' }),
      row({ period: '2026-02-03', type: 'INBOUND', movements: 1, quantity: '1', value: '7' }),
    ]);
  });

  it('groups by location and part number, a transfer counting at both of its ends inside the subtree', async () => {
    expect(await summary({ groupBy: ['PART_NUMBER', 'LOCATION'], locationId: warehouse.id })).toEqual([
      row({ location: { id: a.id }, partNumber: { id: p1.id }, movements: 3, quantity: '20', value: '110' }),
      row({ location: { id: a.id }, partNumber: { id: p2.id }, movements: 1, quantity: '2', value: '200' }),
      row({ location: { id: b.id }, partNumber: { id: p1.id }, movements: 2, quantity: '35', value: '275' }),
    ]);
    // Under the shelf only bin A is in the subtree: the transfer counts there, not at B.
    expect(await summary({ groupBy: ['LOCATION'], locationId: shelf.id, types: ['TRANSFER'] })).toEqual([
      row({ location: { id: a.id }, movements: 1, quantity: '5', value: '35' }),
    ]);
  });

  it('answers from the report pool in one statement, and looks the locations up in one more, however many rows', async () => {
    const { data } = await stock.execute(
      `query ($id: ID) { movementSummary(from: "2026-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z", groupBy: [LOCATION, PART_NUMBER, PERIOD], locationId: $id) {
         location { code } movements } }`,
      { id: warehouse.id },
    );
    expect(data.movementSummary).toHaveLength(6);
    expect(stock.reportStatements).toEqual(['summarizeMovements']);
    expect(stock.statements).toHaveLength(1);

    const { data: fewer } = await stock.execute(
      `query ($id: ID) { movementSummary(from: "2026-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z", groupBy: [LOCATION], locationId: $id) { location { code } } }`,
      { id: warehouse.id },
    );
    expect(fewer.movementSummary).toHaveLength(2);
    expect(stock.reportStatements).toEqual(['summarizeMovements']);
    expect(stock.statements).toHaveLength(1);
  });

  it('finds the period through the index on posted movements by posting time', async () => {
    const { text, values } = movementSummaryStatement(
      {
        from: new Date('2026-01-01T00:00:00Z'),
        to: new Date('2026-03-01T00:00:00Z'),
        groupBy: ['TYPE', 'PERIOD', 'LOCATION'],
        period: 'WEEK',
        locationId: warehouse.id,
        partNumberId: null,
        types: null,
      },
      1001,
    );
    // The test database is small enough for a sequential scan to look cheapest: forbid it, so the plan shows which index serves.
    const plan = await stock.db.transaction(async (tx) => {
      await tx.query('testNoSeqScan', 'SET LOCAL enable_seqscan = off');
      return tx.query<{ 'QUERY PLAN': unknown }>('testExplain', `EXPLAIN (FORMAT JSON) ${text}`, values);
    });
    expect(JSON.stringify(plan)).toContain('"Index Name":"movement_posted_at_idx"');
  });

  it('refuses an empty, reversed or over-long period, naming `to`', async () => {
    for (const [from, to, message] of [
      ['2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z', '`to` must be after `from`.'],
      ['2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z', '`to` must be after `from`.'],
      ['2026-02-01T00:00:00Z', '2027-02-01T00:00:01Z', 'A summary covers at most one year: `to` may be at most one year after `from`.'],
    ] as const) {
      const { data, errors } = await stock.execute(SUMMARY, { from, to, groupBy: ['TYPE'] });
      expect(data).toBeNull();
      expect(errors).toEqual([expect.objectContaining({ message, extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName: 'to' }) })]);
    }
    const { errors } = await stock.execute(SUMMARY, { from: '2026-02-01T00:00:00Z', to: '2027-02-01T00:00:00Z', groupBy: ['TYPE'], locationId: warehouse.id });
    expect(errors).toBeUndefined();
  });

  it('refuses a summary of more than 1000 rows rather than cutting it short', async () => {
    const tag = uniqueTag();
    const bin = await createLocation(stock, { type: 'WAREHOUSE', code: `${tag}-MANY` });
    const parts = [await createPart(stock.db, bus), await createPart(stock.db, bus), await createPart(stock.db, bus), await createPart(stock.db, bus)];
    // 300 days × 4 parts of a posted receipt and an issue of the same unit, written straight into the ledger (its triggers
    // set aside: only this summary reads them). Each pair nets to nothing, so the ledger still explains every balance.
    await stock.db.transaction(async (tx) => {
      await tx.query('testReplicaRole', "SET LOCAL session_replication_role = 'replica'");
      await tx.query(
        'testManyMovements',
        `INSERT INTO stock.movement (type, status, part_number_id, quantity, from_location_id, to_location_id, unit_cost, created_by, posted_at)
         SELECT leg.type, 'POSTED', part.id, 1, leg.from_id, leg.to_id, 1, 'test', timestamptz '2026-01-01 12:00Z' + day * interval '1 day' + leg.later
         FROM unnest($1::bigint[]) AS part(id), generate_series(0, 299) AS day,
              (VALUES ('INBOUND', NULL::bigint, $2::bigint, interval '0'), ('OUTBOUND', $2::bigint, NULL::bigint, interval '1 hour'))
                AS leg(type, from_id, to_id, later)`,
        [parts.map((part) => part.id), bin.id],
      );
    });
    const variables = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', locationId: bin.id };
    const { data, errors } = await stock.execute(SUMMARY, { ...variables, groupBy: ['PERIOD', 'PART_NUMBER'] });
    expect(data).toBeNull();
    expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName: 'groupBy' }) })]);

    const monthly = await summary({ ...variables, groupBy: ['PERIOD', 'PART_NUMBER'], period: 'MONTH' });
    expect(monthly).toHaveLength(40);
    expect(monthly[0]).toEqual(row({ period: '2026-01-01', partNumber: { id: parts[0]!.id }, movements: 62, quantity: '62', value: '62' }));
  });

  it("values each direct child's subtree in one report statement, ordered by code, an empty child at 0", async () => {
    const { data, errors } = await stock.execute(BY_CHILD, { id: warehouse.id });
    expect(errors).toBeUndefined();
    // Part 1 ends at average cost 7: 10 at A (under the shelf), 25 at B; part 2: 2 at A at 100.
    expect(data.location).toEqual({
      stockValue: '445',
      stockValueByChild: [
        { id: shelf.id, location: { code: shelf.code }, stockValue: '270' },
        { id: b.id, location: { code: b.code }, stockValue: '175' },
        { id: c.id, location: { code: c.code }, stockValue: '0' },
      ],
    });
    expect(stock.reportStatements.filter((name) => name === 'sumStockValueByChild')).toHaveLength(1);
    const primary = stock.statements.length;

    // Another child with stock: still one report statement, and as many on the primary.
    const d = await createLocation(stock, { type: 'BIN', parentId: warehouse.id, code: `${warehouse.code}-4` });
    expect((await record(stock, { type: 'TRANSFER', partNumberId: p1.id, quantity: '1', fromLocationId: b.id, toLocationId: d.id })).userErrors).toEqual([]);
    const again = await stock.execute(BY_CHILD, { id: warehouse.id });
    expect(again.data.location.stockValueByChild.map((each: { stockValue: string }) => each.stockValue)).toEqual(['270', '168', '0', '7']);
    expect(stock.reportStatements.filter((name) => name === 'sumStockValueByChild')).toHaveLength(1);
    expect(stock.statements).toHaveLength(primary);
  });

  it('values the children of many parents in one report statement', async () => {
    const { data, errors } = await stock.execute(
      'query ($id: ID) { locations(first: 10, filter: { withinId: $id }) { edges { node { code stockValueByChild { stockValue } } } } }',
      { id: warehouse.id },
    );
    expect(errors).toBeUndefined();
    expect(data.locations.edges.map((edge: any) => [edge.node.code, edge.node.stockValueByChild.length])).toEqual([
      [warehouse.code, 4],
      [shelf.code, 1],
      [a.code, 0],
      [b.code, 0],
      [c.code, 0],
      [`${warehouse.code}-4`, 0],
    ]);
    expect(stock.reportStatements).toEqual(['sumStockValueByChild']);
  });
});
