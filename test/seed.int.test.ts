import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDemoData } from '../scripts/lib/seed.ts';

describe('the demo dataset', () => {
  let client: pg.Client;
  const one = async <Row>(sql: string) => (await client.query(sql)).rows[0] as Row;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
  });
  afterAll(() => client?.end());

  it('is at least as large as a newcomer needs to explore', async () => {
    const counts = await one<Record<string, number>>(`SELECT
      (SELECT count(*)::int FROM catalog.part_number WHERE code LIKE 'PN-%') AS "partNumbers",
      (SELECT count(*)::int FROM catalog.asset WHERE serial_number LIKE 'SN-%') AS assets,
      (SELECT max(cardinality(path))::int FROM stock.location) AS "treeLevels",
      (SELECT count(DISTINCT type)::int FROM stock.location) AS "locationTypes",
      (SELECT count(*)::int FROM cmdb.configuration_item WHERE asset_id IS NOT NULL) AS "assetCis",
      (SELECT count(*)::int FROM cmdb.relationship) AS relationships,
      (SELECT count(*)::int FROM cmdb.service) AS services,
      (SELECT count(*)::int FROM approvals.approval_request WHERE status = 'PENDING') AS "pendingApprovals"`);
    expect(counts.partNumbers).toBeGreaterThanOrEqual(50);
    expect(counts.assets).toBeGreaterThanOrEqual(200);
    expect(counts.treeLevels).toBeGreaterThanOrEqual(4);
    expect(counts.locationTypes).toBe(7);
    expect(counts.assetCis).toBeGreaterThanOrEqual(50);
    expect(counts.relationships).toBeGreaterThan(0);
    expect(counts.services).toBeGreaterThan(0);
    expect(counts.pendingApprovals).toBeGreaterThan(0);
  });

  it('has every balance explained by the posted movements of the ledger', async () => {
    const { rows } = await client.query(`
      WITH ledger AS (
        SELECT part_number_id, location_id, sum(delta) AS on_hand FROM (
          SELECT part_number_id, to_location_id AS location_id, quantity AS delta FROM stock.movement
          WHERE status = 'POSTED' AND to_location_id IS NOT NULL
          UNION ALL
          SELECT part_number_id, from_location_id, -quantity FROM stock.movement
          WHERE status = 'POSTED' AND from_location_id IS NOT NULL
        ) AS deltas GROUP BY part_number_id, location_id
      )
      SELECT coalesce(l.part_number_id, b.part_number_id) AS part, coalesce(l.location_id, b.location_id) AS location,
             l.on_hand AS ledger, b.on_hand AS balance
      FROM ledger l FULL JOIN stock.balance b USING (part_number_id, location_id)
      WHERE coalesce(l.on_hand, 0) <> coalesce(b.on_hand, 0)`);
    expect(rows).toEqual([]);
  });

  it('places every asset where its last posted movement took it', async () => {
    const { rows } = await client.query(`
      SELECT p.asset_id FROM stock.asset_position p
      JOIN LATERAL (SELECT id, to_location_id FROM stock.movement m
                    WHERE m.asset_id = p.asset_id AND m.status = 'POSTED' ORDER BY id DESC LIMIT 1) last ON true
      WHERE last.id <> p.movement_id OR last.to_location_id IS DISTINCT FROM p.location_id`);
    expect(rows).toEqual([]);
  });

  it('keeps every materialized path equal to the chain of parents', async () => {
    const { rows } = await client.query(`
      WITH RECURSIVE chain AS (
        SELECT id, ARRAY[id] AS path FROM stock.location WHERE parent_id IS NULL
        UNION ALL
        SELECT l.id, c.path || l.id FROM stock.location l JOIN chain c ON l.parent_id = c.id
      )
      SELECT l.code FROM stock.location l JOIN chain c USING (id) WHERE l.path <> c.path`);
    expect(rows).toEqual([]);
  });

  it('is loaded only once: a second seed leaves the data alone', async () => {
    const before = await one<{ count: number }>('SELECT count(*)::int AS count FROM stock.movement');
    expect(await seedDemoData(inject('databaseUrl'))).toBe(false);
    expect(await one<{ count: number }>('SELECT count(*)::int AS count FROM stock.movement')).toEqual(before);
  });
});
