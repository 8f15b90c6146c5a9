import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { buildLargeDataset } from './large-data.ts';

/**
 * Loads the large dataset (large-data.ts) at `scale` into a migrated, empty
 * database: one COPY stream per table, all in one transaction, identities
 * moved past the explicit ids, then ANALYZE and a check that every balance
 * and asset position is explained by the ledger. Returns the rows per table.
 * Throws (loading nothing) when the database already has part numbers.
 */
export async function seedLarge(databaseUrl: string, scale: number, log: (text: string) => void = () => undefined): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'seed-large' });
  await client.connect();
  const loaded: Record<string, number> = {};
  try {
    const { rows: [state] } = await client.query<{ seeded: boolean; copies: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM catalog.part_number) AS seeded,
              to_regclass('stock.catalog_part_number') IS NOT NULL AND to_regclass('stock.catalog_asset') IS NOT NULL AS copies`,
    );
    if (state!.seeded) throw new Error('the database already has part numbers; seed:large loads only into an empty, migrated database');
    const dataset = buildLargeDataset(scale, { stockCatalogCopies: state!.copies });
    await checkColumns(client, dataset.tables);
    await client.query('BEGIN');
    // Synchronous commit off only for this transaction: the load is all or nothing anyway.
    await client.query('SET LOCAL synchronous_commit = off');
    // A superuser skips the per-row foreign-key triggers (replica mode) and
    // checks every foreign key of the loaded tables with one anti-join each
    // before committing: the same guarantee at a fraction of the cost.
    const { rows: [role] } = await client.query<{ superuser: boolean }>('SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user');
    if (role?.superuser) await client.query("SET LOCAL session_replication_role = 'replica'");
    for (const table of dataset.tables) {
      const started = performance.now();
      const stream = client.query(copyFrom(`COPY ${table.table} (${table.columns.join(', ')}) FROM STDIN`));
      await pipeline(Readable.from(table.rows()), stream);
      loaded[table.table] = Number(stream.rowCount);
      log(`  ${table.table.padEnd(28)} ${String(stream.rowCount).padStart(9)} rows  ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    if (role?.superuser) {
      const checked = performance.now();
      await checkForeignKeys(client, dataset.tables.map((table) => table.table));
      log(`  foreign keys checked         ${((performance.now() - checked) / 1000).toFixed(1)} s`);
      // Replica mode also skipped the triggers that keep each part number's
      // stock totals: set them from the balances in one statement.
      if (state!.copies) {
        const totalled = performance.now();
        await client.query(
          `UPDATE stock.catalog_part_number p SET total_on_hand = t.on_hand, total_reserved = t.reserved
           FROM (SELECT part_number_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM stock.balance GROUP BY 1) t
           WHERE t.part_number_id = p.id`,
        );
        log(`  part stock totals            ${((performance.now() - totalled) / 1000).toFixed(1)} s`);
      }
    }
    // Catalog's copies of stock's and approvals' facts (normally fed by
    // stock.part_number.holding_changed and approvals.policy.saved; the
    // load may have run without triggers), stock's copy of the policies,
    // and approvals' and stock's copies of asset values. Event id 0: any
    // later event wins.
    await client.query(
      `INSERT INTO catalog.part_number_holding (part_number_id, holds_stock, event_id)
       SELECT part_number_id, true, 0 FROM stock.balance GROUP BY part_number_id HAVING sum(on_hand) > 0
       ON CONFLICT (part_number_id) DO NOTHING`,
    );
    await client.query(
      `INSERT INTO catalog.approval_policy (policy_id, code, active, asset_actions, min_value, max_value, priority, event_id)
       SELECT id, code, active, asset_actions, min_value, max_value, priority, 0 FROM approvals.policy WHERE subject_kind = 'ASSET_ACTION'`,
    );
    await client.query(`INSERT INTO approvals.catalog_asset (asset_id, acquisition_cost, event_id) SELECT id, acquisition_cost, 0 FROM catalog.asset`);
    await client.query(
      `INSERT INTO stock.approval_policy (policy_id, code, active, asset_actions, min_value, max_value, priority, event_id)
       SELECT id, code, active, asset_actions, min_value, max_value, priority, 0 FROM approvals.policy WHERE subject_kind = 'ASSET_ACTION'`,
    );
    await client.query(`INSERT INTO stock.asset_value (asset_id, acquisition_cost, event_id) SELECT id, acquisition_cost, 0 FROM catalog.asset`);
    for (const table of dataset.identityTables) {
      await client.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), greatest((SELECT max(id) FROM ${table}), 1))`, [table]);
    }
    await client.query('COMMIT');
    const analysed = performance.now();
    await client.query('ANALYZE');
    log(`  analyse                      ${((performance.now() - analysed) / 1000).toFixed(1)} s`);
    await checkLedger(client);
    return loaded;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Fails, naming them, when a table has required columns the loader does not
 * fill (NOT NULL, no default, not generated): the migrations have moved on
 * and large-data.ts must follow.
 */
async function checkColumns(client: pg.Client, tables: readonly { table: string; columns: readonly string[] }[]): Promise<void> {
  const { rows } = await client.query<{ name: string; column: string }>(
    `SELECT table_schema || '.' || table_name AS name, column_name AS column
     FROM information_schema.columns
     WHERE table_schema || '.' || table_name = ANY($1::text[])
       AND is_nullable = 'NO' AND column_default IS NULL AND is_generated = 'NEVER' AND is_identity = 'NO'`,
    [tables.map((table) => table.table)],
  );
  const missing = rows.filter((row) => !tables.find((table) => table.table === row.name)!.columns.includes(row.column));
  if (missing.length > 0) {
    throw new Error(`the large dataset does not fill these required columns: ${missing.map((row) => `${row.name}.${row.column}`).join(', ')}`);
  }
}

/** Fails unless every row of `tables` has the rows its foreign keys point at. */
async function checkForeignKeys(client: pg.Client, tables: readonly string[]): Promise<void> {
  const { rows: constraints } = await client.query<{ name: string; child: string; parent: string; pairs: [string, string][] }>(
    `SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
            (SELECT json_agg(json_build_array(ca.attname, pa.attname) ORDER BY k.n)
             FROM unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(child_col, parent_col, n)
             JOIN pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = k.child_col
             JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.parent_col) AS pairs
     FROM pg_constraint c
     WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY($1::text[])`,
    [tables],
  );
  for (const constraint of constraints) {
    const notNull = constraint.pairs.map(([column]) => `c.${column} IS NOT NULL`).join(' AND ');
    const matches = constraint.pairs.map(([column, parentColumn]) => `p.${parentColumn} = c.${column}`).join(' AND ');
    const { rows: [result] } = await client.query<{ missing: number }>(
      `SELECT count(*)::int AS missing FROM ${constraint.child} c
       WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${constraint.parent} p WHERE ${matches})`,
    );
    if (result!.missing > 0) throw new Error(`${result!.missing} rows of ${constraint.child} break ${constraint.name}`);
  }
}

/** Fails unless every balance equals what the posted movements add up to, at every part and location, and every part's totals equal its balances. */
async function checkLedger(client: pg.Client): Promise<void> {
  const { rows: [result] } = await client.query<{ mismatches: number; asset_mismatches: number; total_mismatches: number }>(
    `WITH flows AS (
       SELECT part_number_id, to_location_id AS location_id, quantity FROM stock.movement WHERE status = 'POSTED' AND to_location_id IS NOT NULL
       UNION ALL
       SELECT part_number_id, from_location_id, -quantity FROM stock.movement WHERE status = 'POSTED' AND from_location_id IS NOT NULL
     ), ledger AS (
       SELECT part_number_id, location_id, sum(quantity) AS on_hand FROM flows GROUP BY 1, 2 HAVING sum(quantity) <> 0
     )
     SELECT (SELECT count(*)::int FROM ledger l FULL JOIN stock.balance b USING (part_number_id, location_id)
             WHERE l.on_hand IS DISTINCT FROM b.on_hand) AS mismatches,
            (SELECT count(*)::int FROM stock.asset_position p
             JOIN LATERAL (SELECT m.id, m.to_location_id FROM stock.movement m WHERE m.asset_id = p.asset_id AND m.status = 'POSTED'
                           ORDER BY m.id DESC LIMIT 1) last ON true
             WHERE last.id <> p.movement_id OR last.to_location_id IS DISTINCT FROM p.location_id) AS asset_mismatches,
            (SELECT count(*)::int FROM stock.catalog_part_number p
             LEFT JOIN (SELECT part_number_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM stock.balance GROUP BY 1) t
               ON t.part_number_id = p.id
             WHERE (p.total_on_hand, p.total_reserved) IS DISTINCT FROM (coalesce(t.on_hand, 0), coalesce(t.reserved, 0))) AS total_mismatches`,
  );
  if (result!.mismatches !== 0 || result!.asset_mismatches !== 0 || result!.total_mismatches !== 0) {
    throw new Error(
      `the ledger does not explain the data: ${result!.mismatches} balances, ${result!.asset_mismatches} asset positions and ${result!.total_mismatches} part totals disagree`,
    );
  }
}
