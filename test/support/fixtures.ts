import pg from 'pg';

export interface AssetFixture {
  readonly assetId: string;
  readonly partNumberId: string;
  readonly serialNumber: string;
}

/**
 * Creates, in one transaction, a serialized part number and one asset of it
 * whose every list in the headline query has `size` entries: balances at
 * `size` locations (each explained by an inbound movement), `size`
 * movements of the asset, a CI with `size` relationships and `size`
 * services, and `size` pending approvals. Codes are prefixed with `tag`, so
 * fixtures never collide with the demo data or with each other.
 */
export async function createAssetWithLists(databaseUrl: string, tag: string, size: number): Promise<AssetFixture> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const one = async (sql: string, values: unknown[]) => (await client.query(sql, values)).rows[0] as Record<string, string>;
    const part = await one(
      `INSERT INTO catalog.part_number (code, description, serialized) VALUES ($1, $2, true) RETURNING id`,
      [`${tag}-PART`, `Fixture part ${tag}`],
    );
    const asset = await one(`INSERT INTO catalog.asset (serial_number, part_number_id) VALUES ($1, $2) RETURNING id`, [`${tag}-SN`, part.id]);
    // Ids first: a location's materialized path must contain its own id when inserted.
    const ids = await client.query<{ id: string }>(
      `SELECT nextval(pg_get_serial_sequence('stock.location', 'id'))::text AS id FROM generate_series(0, $1)`,
      [size],
    );
    const [rootId, ...binIds] = ids.rows.map((row) => row.id) as [string, ...string[]];
    await client.query(`INSERT INTO stock.location (id, code, name, type, path) VALUES ($1, $2, $3, 'WAREHOUSE', ARRAY[$1::bigint])`, [
      rootId,
      `${tag}-WH`,
      `Fixture warehouse ${tag}`,
    ]);
    await client.query(
      `INSERT INTO stock.location (id, code, name, type, parent_id, path)
       SELECT bin, $1 || '-B' || lpad(n::text, 3, '0'), 'Fixture bin ' || n, 'BIN', $2::bigint, ARRAY[$2::bigint, bin]
       FROM unnest($3::bigint[]) WITH ORDINALITY AS b(bin, n)`,
      [tag, rootId, binIds],
    );
    // The asset itself is received into the first bin, then moved along the others.
    await client.query(
      `INSERT INTO stock.movement (type, part_number_id, asset_id, quantity, from_location_id, to_location_id, created_by, posted_at)
       SELECT CASE WHEN n = 1 THEN 'INBOUND' ELSE 'TRANSFER' END, $1::bigint, $2::bigint, 1,
              CASE WHEN n = 1 THEN NULL ELSE ($3::bigint[])[n - 1] END, ($3::bigint[])[n], 'fixture', now()
       FROM generate_series(1, $4) AS n`,
      [part.id, asset.id, binIds, size],
    );
    // Other (unserialized) receipts give the part a balance at every bin.
    await client.query(
      `INSERT INTO stock.movement (type, part_number_id, quantity, to_location_id, created_by, posted_at)
       SELECT 'INBOUND', $1::bigint, 5, bin, 'fixture', now() FROM unnest($2::bigint[]) AS bin`,
      [part.id, binIds],
    );
    await client.query(
      `INSERT INTO stock.balance (part_number_id, location_id, on_hand)
       SELECT $1::bigint, bin, CASE WHEN bin = ($2::bigint[])[$3] THEN 6 ELSE 5 END FROM unnest($2::bigint[]) AS bin`,
      [part.id, binIds, size],
    );
    const lastMove = await one(`SELECT max(id) AS id FROM stock.movement WHERE asset_id = $1`, [asset.id]);
    await client.query(`INSERT INTO stock.asset_position (asset_id, location_id, movement_id) VALUES ($1, $2, $3)`, [asset.id, binIds.at(-1), lastMove.id]);

    const type = await one(`SELECT id FROM cmdb.ci_type WHERE code = 'WORKSTATION'`, []);
    const relType = await one(`SELECT id FROM cmdb.relationship_type WHERE code = 'DEPENDS_ON'`, []);
    const ci = await one(
      `INSERT INTO cmdb.configuration_item (code, name, type_id, asset_id) VALUES ($1, $2, $3, $4) RETURNING id`,
      [`${tag}-CI`, `Fixture CI ${tag}`, type.id, asset.id],
    );
    const targets = await client.query<{ id: string }>(
      `INSERT INTO cmdb.configuration_item (code, name, type_id)
       SELECT $1 || '-DEP-' || n, 'Dependency ' || n, $2::bigint FROM generate_series(1, $3) AS n RETURNING id`,
      [tag, type.id, size],
    );
    await client.query(
      `INSERT INTO cmdb.relationship (type_id, source_id, target_id) SELECT $1::bigint, $2::bigint, target FROM unnest($3::bigint[]) AS target`,
      [relType.id, ci.id, targets.rows.map((row) => row.id)],
    );
    const services = await client.query<{ id: string }>(
      `INSERT INTO cmdb.service (code, name, criticality)
       SELECT $1 || '-SVC-' || n, 'Service ' || n, 'MEDIUM' FROM generate_series(1, $2) AS n RETURNING id`,
      [tag, size],
    );
    await client.query(
      `INSERT INTO cmdb.service_member (service_id, ci_id, role) SELECT service, $1::bigint, 'member' FROM unnest($2::bigint[]) AS service`,
      [ci.id, services.rows.map((row) => row.id)],
    );
    await client.query(
      `INSERT INTO approvals.approval_request (kind, asset_id, title, requested_by)
       SELECT 'ASSET_ACTION', $1::bigint, 'Fixture request ' || n, 'fixture' FROM generate_series(1, $2) AS n`,
      [asset.id, size],
    );
    await client.query('COMMIT');
    return { assetId: asset.id!, partNumberId: part.id!, serialNumber: `${tag}-SN` };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}
