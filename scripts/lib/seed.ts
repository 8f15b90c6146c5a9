import pg from 'pg';
import { buildDemoData, type DemoData } from './demo-data.ts';

type Column = readonly [column: string, field: string, type: string];

/**
 * Inserts `rows` into `table` in one statement. Rows travel as one JSON
 * parameter and are typed by `jsonb_to_recordset`, so any number of rows
 * costs one round trip and no SQL is built from values.
 */
async function insertAll(client: pg.ClientBase, table: string, columns: readonly Column[], rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const targets = columns.map(([column]) => column).join(', ');
  const fields = columns.map(([, field]) => `"${field}"`).join(', ');
  const recordType = columns.map(([, field, type]) => `"${field}" ${type}`).join(', ');
  await client.query(
    `INSERT INTO ${table} (${targets}) SELECT ${fields} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType})`,
    [JSON.stringify(rows)],
  );
}

/** Moves an identity sequence past the explicit ids the seed inserted. */
async function syncIdentity(client: pg.ClientBase, table: string): Promise<void> {
  await client.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), greatest((SELECT max(id) FROM ${table}), 1))`, [table]);
}

const SEED_LOCK = 7_201_001;

/**
 * Loads the demo dataset into an empty database, in one transaction. Does
 * nothing (and returns false) when the catalog already has part numbers, so
 * every start after the first keeps the data users have changed.
 */
export async function seedDemoData(databaseUrl: string, data: DemoData = buildDemoData()): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'seed' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    const { rows } = await client.query<{ seeded: boolean }>('SELECT EXISTS (SELECT 1 FROM catalog.part_number) AS seeded');
    if (rows[0]?.seeded) {
      await client.query('ROLLBACK');
      return false;
    }
    await insertAll(client, 'catalog.part_number', [
      ['id', 'id', 'bigint'], ['code', 'code', 'text'], ['description', 'description', 'text'],
      ['unit_of_measure', 'unitOfMeasure', 'text'], ['category', 'category', 'text'], ['manufacturer', 'manufacturer', 'text'],
      ['reorder_point', 'reorderPoint', 'numeric'], ['serialized', 'serialized', 'boolean'],
    ], data.partNumbers);
    await insertAll(client, 'catalog.asset', [
      ['id', 'id', 'bigint'], ['serial_number', 'serialNumber', 'text'], ['part_number_id', 'partNumberId', 'bigint'],
      ['status', 'status', 'text'], ['condition', 'condition', 'text'], ['acquired_on', 'acquiredOn', 'date'],
    ], data.assets);
    await insertAll(client, 'stock.location', [
      ['id', 'id', 'bigint'], ['code', 'code', 'text'], ['name', 'name', 'text'], ['type', 'type', 'text'],
      ['parent_id', 'parentId', 'bigint'], ['path', 'path', 'bigint[]'],
    ], data.locations.map((location) => ({ ...location, path: `{${location.path.join(',')}}` })));
    await insertAll(client, 'stock.movement', [
      ['id', 'id', 'bigint'], ['type', 'type', 'text'], ['status', 'status', 'text'], ['part_number_id', 'partNumberId', 'bigint'],
      ['asset_id', 'assetId', 'bigint'], ['quantity', 'quantity', 'numeric'], ['from_location_id', 'fromLocationId', 'bigint'],
      ['to_location_id', 'toLocationId', 'bigint'], ['unit_cost', 'unitCost', 'numeric'], ['reason', 'reason', 'text'],
      ['document_ref', 'documentRef', 'text'], ['created_by', 'createdBy', 'text'], ['created_at', 'createdAt', 'timestamptz'],
      ['posted_at', 'postedAt', 'timestamptz'],
    ], data.movements);
    await insertAll(client, 'stock.balance', [
      ['part_number_id', 'partNumberId', 'bigint'], ['location_id', 'locationId', 'bigint'],
      ['on_hand', 'onHand', 'numeric'], ['reserved', 'reserved', 'numeric'],
    ], data.balances);
    await insertAll(client, 'stock.asset_position', [
      ['asset_id', 'assetId', 'bigint'], ['location_id', 'locationId', 'bigint'], ['movement_id', 'movementId', 'bigint'],
    ], data.assetPositions);
    // Stock's copies of the catalog facts its rules need (normally fed by
    // catalog.*.saved events). Version -infinity: any event from catalog wins.
    await insertAll(client, 'stock.catalog_part_number', [
      ['id', 'id', 'bigint'], ['code', 'code', 'text'], ['unit_of_measure', 'unitOfMeasure', 'text'], ['serialized', 'serialized', 'boolean'],
      ['reorder_point', 'reorderPoint', 'numeric'], ['version', 'version', 'timestamptz'],
    ], data.partNumbers.map((part) => ({ ...part, version: '-infinity' })));
    // Each part's precision, from its unit of measure.
    await client.query(
      `UPDATE stock.catalog_part_number p SET unit_decimal_places = u.decimal_places
       FROM catalog.unit_of_measure u WHERE u.code = p.unit_of_measure`,
    );
    // Each part's moving average cost, from its posted receipts (every demo movement of a part has one cost).
    await client.query(
      `UPDATE stock.catalog_part_number p SET average_cost = r.cost
       FROM (SELECT part_number_id, round(sum(quantity * unit_cost) / sum(quantity), 6) AS cost
             FROM stock.movement WHERE status = 'POSTED' AND type = 'INBOUND' AND unit_cost IS NOT NULL
             GROUP BY part_number_id) r
       WHERE r.part_number_id = p.id`,
    );
    await insertAll(client, 'stock.catalog_asset', [
      ['id', 'id', 'bigint'], ['part_number_id', 'partNumberId', 'bigint'], ['serial_number', 'serialNumber', 'text'],
      ['status', 'status', 'text'], ['version', 'version', 'timestamptz'],
    ], data.assets.map((asset) => ({ ...asset, version: '-infinity' })));
    await insertAll(client, 'cmdb.ci_type', [
      ['id', 'id', 'bigint'], ['code', 'code', 'text'], ['name', 'name', 'text'], ['description', 'description', 'text'],
    ], data.ciTypes);
    await insertAll(client, 'cmdb.ci_type_version', [
      ['id', 'id', 'bigint'], ['ci_type_id', 'ciTypeId', 'bigint'], ['version', 'version', 'integer'], ['status', 'status', 'text'],
      ['published_at', 'publishedAt', 'timestamptz'],
    ], data.ciTypeVersions);
    await insertAll(client, 'cmdb.attribute_definition', [
      ['ci_type_version_id', 'versionId', 'bigint'], ['key', 'key', 'text'], ['label', 'label', 'text'], ['field_type', 'fieldType', 'text'],
      ['required', 'required', 'boolean'], ['enum_values', 'enumValues', 'text[]'], ['help_text', 'helpText', 'text'], ['sort_order', 'sortOrder', 'integer'],
    ], data.attributeDefinitions.map((definition) => ({ ...definition, enumValues: definition.enumValues && `{${definition.enumValues.map((value) => `"${value}"`).join(',')}}` })));
    await insertAll(client, 'cmdb.configuration_item', [
      ['id', 'id', 'bigint'], ['code', 'code', 'text'], ['name', 'name', 'text'], ['type_id', 'typeId', 'bigint'],
      ['status', 'status', 'text'], ['environment', 'environment', 'text'], ['owner_team', 'ownerTeam', 'text'],
      ['asset_id', 'assetId', 'bigint'], ['location_id', 'locationId', 'bigint'], ['attributes', 'attributes', 'jsonb'],
      ['type_version_id', 'typeVersionId', 'bigint'],
    ], data.configurationItems);
    await insertAll(client, 'cmdb.relationship_type', [
      ['id', 'id', 'bigint'], ['code', 'code', 'text'], ['name', 'name', 'text'], ['reverse_name', 'reverseName', 'text'],
      ['propagates_impact', 'propagatesImpact', 'boolean'],
    ], data.relationshipTypes);
    await insertAll(client, 'cmdb.relationship', [
      ['id', 'id', 'bigint'], ['type_id', 'typeId', 'bigint'], ['source_id', 'sourceId', 'bigint'],
      ['target_id', 'targetId', 'bigint'], ['since', 'since', 'date'],
    ], data.relationships);
    await insertAll(client, 'cmdb.service', [
      ['id', 'id', 'bigint'], ['code', 'code', 'text'], ['name', 'name', 'text'], ['criticality', 'criticality', 'text'],
      ['owner_team', 'ownerTeam', 'text'],
    ], data.services);
    await insertAll(client, 'cmdb.service_member', [
      ['service_id', 'serviceId', 'bigint'], ['ci_id', 'ciId', 'bigint'], ['role', 'role', 'text'],
    ], data.serviceMembers);
    await insertAll(client, 'approvals.approval_request', [
      ['id', 'id', 'bigint'], ['kind', 'kind', 'text'], ['asset_id', 'assetId', 'bigint'], ['movement_id', 'movementId', 'bigint'],
      ['title', 'title', 'text'], ['required_levels', 'requiredLevels', 'integer'], ['requested_by', 'requestedBy', 'text'],
      ['created_at', 'createdAt', 'timestamptz'], ['due_at', 'dueAt', 'timestamptz'],
      ['action', 'action', 'text'], ['action_input', 'actionInput', 'jsonb'], ['reason', 'reason', 'text'], ['triggers', 'triggers', 'text[]'],
    ], data.approvalRequests);
    await insertAll(client, 'approvals.policy', [
      ['id', 'id', 'bigint'], ['code', 'code', 'text'], ['name', 'name', 'text'], ['subject_kind', 'subjectKind', 'text'],
      ['movement_types', 'movementTypes', 'text[]'], ['asset_actions', 'assetActions', 'text[]'], ['min_value', 'minValue', 'numeric'],
      ['confidence_below', 'confidenceBelow', 'numeric'], ['priority', 'priority', 'integer'], ['expires_after_hours', 'expiresAfterHours', 'integer'],
    ], data.approvalPolicies);
    await insertAll(client, 'approvals.policy_level', [
      ['policy_id', 'policyId', 'bigint'], ['level', 'level', 'integer'], ['approver_role', 'approverRole', 'text'],
      ['sla_hours', 'slaHours', 'integer'], ['escalate_to_role', 'escalateToRole', 'text'],
    ], data.approvalPolicyLevels);
    // Catalog's and stock's copies of the asset-action policies, and
    // approvals' and stock's copies of asset values (normally fed by approvals.policy.saved and
    // catalog.asset.saved). Event id 0: any later event wins.
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
    for (const table of [
      'catalog.part_number', 'catalog.asset', 'stock.location', 'stock.movement', 'cmdb.ci_type', 'cmdb.ci_type_version', 'cmdb.configuration_item',
      'cmdb.relationship_type', 'cmdb.relationship', 'cmdb.service', 'approvals.approval_request',
      'approvals.policy',
    ]) {
      await syncIdentity(client, table);
    }
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
