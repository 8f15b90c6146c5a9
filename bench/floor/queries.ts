/**
 * The floor's statements: for each benchmark operation, ONE hand-written SQL
 * statement that builds the whole `{"data": ...}` response in PostgreSQL,
 * exactly as the gateway answers it (same fields, list order, number and date
 * formats, nulls, cursors and counts). `statementFor` picks the statement by
 * the request's `operationName`; the document text is never read.
 *
 * What the floor does not do: GraphQL parsing or validation, federation hops,
 * authentication, limits, metrics. Input checks that the gateway's scalars and
 * resolvers make before any SQL (ids, decimals, blank text) are made here in a
 * few lines of JavaScript; an input outside what the benchmark sends (another
 * movement type, an asset, a text search) is refused as unsupported.
 *
 * recordMovement is one statement with data-modifying CTEs: the ledger row,
 * the balance upsert, the audit record and, when a stock approval rule fires,
 * the outbox event and its NOTIFY, all committed together. One thing it cannot
 * do as one statement: when two requests with the same new idempotency key run
 * at the same time, the loser's statement cannot see the winner's row (it
 * committed after the statement's snapshot was taken), so the floor answers
 * that race with an error where stock re-reads the key in a second statement
 * and returns the first movement.
 */

/** Which operations the floor answers, by `operationName`. */
export const FLOOR_OPERATIONS = ['AssetOverview', 'PartNumberList', 'LowStockUnderWarehouse', 'CiImpact', 'BenchRecordMovement'] as const;
export type FloorOperation = (typeof FLOOR_OPERATIONS)[number];

/** A statement to run, or why the request is outside what the floor answers. */
export type FloorStatement = { readonly name: string; readonly text: string; readonly values: readonly unknown[] } | { readonly unsupported: string };


/** AssetOverview: the whole answer for asset $1, as the text of `{"data":{"asset":...}}`. */
export const ASSET_OVERVIEW_SQL = `
SELECT json_build_object('data', json_build_object('asset', (
  SELECT json_build_object(
    'id', a.id::text,
    'serialNumber', a.serial_number,
    'status', a.status,
    'condition', a.condition,
    'partNumber', (
      SELECT json_build_object(
        'code', p.code,
        'description', p.description,
        'balances', coalesce((
          SELECT json_agg(json_build_object(
                   'location', json_build_object('code', l.code, 'name', l.name),
                   'onHand', trim_scale(b.on_hand)::text,
                   'reserved', trim_scale(b.reserved)::text,
                   'available', trim_scale(b.on_hand - b.reserved)::text) ORDER BY l.code)
          FROM stock.balance b JOIN stock.location l ON l.id = b.location_id
          WHERE b.part_number_id = p.id AND (b.on_hand > 0 OR b.reserved > 0)), '[]'))
      FROM catalog.part_number p WHERE p.id = a.part_number_id),
    'location', (
      SELECT json_build_object(
        'code', l.code, 'name', l.name, 'type', l.type,
        'ancestors', coalesce((
          SELECT json_agg(json_build_object('code', x.code, 'name', x.name, 'type', x.type) ORDER BY array_position(l.path, x.id))
          FROM stock.location x WHERE x.id = ANY(l.path) AND x.id <> l.id), '[]'))
      FROM stock.asset_position ap JOIN stock.location l ON l.id = ap.location_id
      WHERE ap.asset_id = a.id),
    'movements', json_build_object('edges', coalesce((
      SELECT json_agg(json_build_object('node', json_build_object(
               'type', m.type,
               'quantity', trim_scale(m.quantity)::text,
               'from', CASE WHEN f.id IS NULL THEN NULL ELSE json_build_object('code', f.code) END,
               'to', CASE WHEN t.id IS NULL THEN NULL ELSE json_build_object('code', t.code) END,
               'createdAt', to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) ORDER BY m.id DESC)
      FROM (SELECT * FROM stock.movement WHERE asset_id = a.id ORDER BY id DESC LIMIT 5) m
      LEFT JOIN stock.location f ON f.id = m.from_location_id
      LEFT JOIN stock.location t ON t.id = m.to_location_id), '[]')),
    'configurationItem', (
      SELECT json_build_object(
        'code', c.code, 'name', c.name, 'status', c.status,
        'relationships', coalesce((
          SELECT json_agg(json_build_object('type', s.type, 'direction', s.direction,
                                            'target', json_build_object('code', o.code, 'name', o.name))
                          ORDER BY s.type, o.code, s.id)
          FROM (SELECT r.id, rt.code AS type, 'OUTGOING' AS direction, r.target_id AS other
                FROM cmdb.relationship r JOIN cmdb.relationship_type rt ON rt.id = r.type_id
                WHERE r.source_id = c.id AND r.status = 'ACTIVE'
                UNION ALL
                SELECT r.id, rt.code, 'INCOMING', r.source_id
                FROM cmdb.relationship r JOIN cmdb.relationship_type rt ON rt.id = r.type_id
                WHERE r.target_id = c.id AND r.status = 'ACTIVE') s
          JOIN cmdb.configuration_item o ON o.id = s.other), '[]'),
        'services', coalesce((
          SELECT json_agg(json_build_object('code', sv.code, 'name', sv.name, 'criticality', sv.criticality)
                          ORDER BY array_position(ARRAY['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'], sv.criticality), sv.code)
          FROM cmdb.service_member sm JOIN cmdb.service sv ON sv.id = sm.service_id
          WHERE sm.ci_id = c.id AND sv.status = 'ACTIVE'), '[]'))
      FROM cmdb.configuration_item c WHERE c.asset_id = a.id),
    'pendingApprovals', coalesce((
      SELECT json_agg(json_build_object('id', r.id::text, 'status', r.status, 'currentLevel', r.current_level) ORDER BY r.id)
      FROM approvals.approval_request r
      WHERE r.asset_id = a.id AND r.status IN ('PENDING', 'ESCALATED')), '[]'))
  FROM catalog.asset a WHERE a.id = $1::bigint)))::text AS body`;

/** The same filter as catalog's `listPartNumbers`/`countPartNumbers` (without text search, which the floor does not do). */
const PART_NUMBER_FILTER = `
  ($1::text IS NULL OR p.category = $1)
  AND ($2::text IS NULL OR p.subcategory = $2)
  AND ($3::text IS NULL OR lower(p.manufacturer) = lower($3))
  AND ($4::boolean IS NULL OR p.active = $4)
  AND ($5::boolean IS NULL OR p.serialized = $5)`;

/**
 * PartNumberList: the first 20 part numbers matching the filter in code order
 * with their stock summed over every location, the total count, and catalog's
 * cursor (base64url of the JSON text `["CODE",code,id]`, as platform's
 * `encodeCursor` writes it) of the last one.
 */
export const PART_NUMBER_LIST_SQL = `
WITH page AS (
  SELECT p.id, p.code, p.description, p.category, p.manufacturer
  FROM catalog.part_number p
  WHERE ${PART_NUMBER_FILTER}
  ORDER BY p.code, p.id
  LIMIT 21),
shown AS (SELECT * FROM page ORDER BY code, id LIMIT 20)
SELECT json_build_object('data', json_build_object('partNumbers', json_build_object(
  'totalCount', (SELECT count(*) FROM catalog.part_number p WHERE ${PART_NUMBER_FILTER}),
  'pageInfo', json_build_object(
    'hasNextPage', (SELECT count(*) > 20 FROM page),
    'endCursor', (
      SELECT rtrim(translate(encode(convert_to(
               '["CODE",' || to_json(s.code)::text || ',' || to_json(s.id::text)::text || ']', 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')
      FROM shown s ORDER BY s.code DESC, s.id DESC LIMIT 1)),
  'edges', coalesce((
    SELECT json_agg(json_build_object('node', json_build_object(
             'id', s.id::text,
             'code', s.code,
             'description', s.description,
             'category', s.category,
             'manufacturer', s.manufacturer,
             'stock', (
               SELECT json_build_object('onHand', trim_scale(coalesce(sum(b.on_hand), 0))::text,
                                        'available', trim_scale(coalesce(sum(b.on_hand - b.reserved), 0))::text)
               FROM stock.balance b WHERE b.part_number_id = s.id))) ORDER BY s.code, s.id)
    FROM shown s), '[]'))))::text AS body`;

/**
 * LowStockUnderWarehouse: active part numbers (stock's copy of the catalog)
 * whose available stock (on hand minus reserved, summed over balances at the
 * location and every location below it) is below the reorder point or below
 * the minimum; the first 20 by part id, and how many there are. A part with
 * no balance under the location has 0 of everything. Most part numbers are
 * short under a warehouse, so the page walks part numbers in id order summing
 * each one's balances under the location until it has 20, while the count
 * sums the whole subtree once and checks every part number against it.
 */
export const LOW_STOCK_SQL = `
WITH under AS (
  SELECT b.part_number_id, sum(b.on_hand) AS on_hand, sum(b.reserved) AS reserved
  FROM stock.location l JOIN stock.balance b ON b.location_id = l.id
  WHERE l.path @> ARRAY[$1::bigint]
  GROUP BY b.part_number_id)
SELECT json_build_object('data', json_build_object('lowStock', json_build_object(
  'totalCount', (
    SELECT count(*)
    FROM stock.catalog_part_number p LEFT JOIN under u ON u.part_number_id = p.id
    WHERE p.active AND coalesce(u.on_hand, 0) - coalesce(u.reserved, 0) < greatest(p.reorder_point, p.minimum_stock)),
  'edges', coalesce((
    SELECT json_agg(json_build_object('node', json_build_object(
             'partNumber', (SELECT json_build_object('code', c.code, 'description', c.description) FROM catalog.part_number c WHERE c.id = s.id),
             'onHand', trim_scale(s.on_hand)::text,
             'available', trim_scale(s.on_hand - s.reserved)::text,
             'reorderPoint', trim_scale(s.reorder_point)::text,
             'shortfall', trim_scale(greatest(s.reorder_point, s.minimum_stock) - (s.on_hand - s.reserved))::text)) ORDER BY s.id)
    FROM (
      SELECT p.id, h.on_hand, h.reserved, p.reorder_point, p.minimum_stock
      FROM stock.catalog_part_number p
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(b.on_hand), 0) AS on_hand, coalesce(sum(b.reserved), 0) AS reserved
        FROM stock.balance b JOIN stock.location l ON l.id = b.location_id
        WHERE b.part_number_id = p.id AND l.path @> ARRAY[$1::bigint]) h
      WHERE p.active AND h.on_hand - h.reserved < greatest(p.reorder_point, p.minimum_stock)
      ORDER BY p.id
      LIMIT 20) s), '[]'))))::text AS body`;

/**
 * CiImpact: cmdb's impact walk (findImpact) for one item, DOWNSTREAM, depth
 * 3, every impact-propagating type: the same recursive enumeration of simple
 * paths along active links (a TARGET_TO_SOURCE link walked from its target to
 * its source, SOURCE_TO_TARGET the other way, BOTH either way), so the floor
 * does the same database work; each reached item once at its shortest depth,
 * ordered by depth then code. Null when there is no such item.
 */
export const IMPACT_SQL = `
WITH RECURSIVE
followed AS (
  SELECT rt.id, rt.impact_flow FROM cmdb.relationship_type rt WHERE rt.propagates_impact),
walk (ci_id, depth, path) AS (
  SELECT c.id, 0, ARRAY[c.id] FROM cmdb.configuration_item c WHERE c.id = $1::bigint
  UNION ALL
  SELECT step.next_id, w.depth + 1, w.path || step.next_id
  FROM walk w
  CROSS JOIN LATERAL (
    SELECT r.source_id AS next_id FROM cmdb.relationship r
    WHERE r.target_id = w.ci_id AND r.status = 'ACTIVE'
      AND r.type_id = ANY (ARRAY(SELECT f.id FROM followed f WHERE f.impact_flow IN ('TARGET_TO_SOURCE', 'BOTH')))
    UNION ALL
    SELECT r.target_id FROM cmdb.relationship r
    WHERE r.source_id = w.ci_id AND r.status = 'ACTIVE'
      AND r.type_id = ANY (ARRAY(SELECT f.id FROM followed f WHERE f.impact_flow IN ('SOURCE_TO_TARGET', 'BOTH')))
  ) AS step
  WHERE w.depth < 3 AND step.next_id <> ALL (w.path)),
nearest AS (
  SELECT w.ci_id, min(w.depth) AS depth FROM walk w WHERE w.depth > 0 GROUP BY w.ci_id)
SELECT json_build_object('data', json_build_object('configurationItem', (
  SELECT json_build_object(
    'code', c.code,
    'impact', coalesce((
      SELECT json_agg(json_build_object('depth', n.depth, 'configurationItem', json_build_object('code', i.code, 'name', i.name, 'status', i.status))
                      ORDER BY n.depth, i.code)
      FROM nearest n JOIN cmdb.configuration_item i ON i.id = n.ci_id), '[]'))
  FROM cmdb.configuration_item c WHERE c.id = $1::bigint)))::text AS body`;

/** JSON text of a text parameter, as JSON.stringify writes it, or `null`. */
const jsonText = (parameter: string) => `coalesce(to_json(${parameter})::text, 'null')`;

/**
 * BenchRecordMovement: stock's `recordMovement` for an INBOUND of a bulk part
 * (no asset, no source location), in one statement:
 * - `existing`: a movement already recorded under the idempotency key is
 *   returned as first recorded when the request hash matches, refused with
 *   CONFLICT otherwise (nothing is written);
 * - `refusals`: the user errors stock gives before writing, in its order
 *   (quantity, unit cost, confidence score, part number known / active /
 *   not serialized, receiving location known / active);
 * - `inserted`: the ledger row, POSTED, or PENDING_APPROVAL with the
 *   triggers when a stock approval rule fires (value = quantity x unit cost
 *   rounded to six places at or above the threshold; confidence below its
 *   threshold);
 * - `balance`: for a posted movement, the balance row upserted with the
 *   quantity added (stock creates a missing row, locks it and adds to it);
 * - `event`: for a pending one, the `stock.movement.approval_requested`
 *   outbox event, NOTIFYed on the `outbox` channel by the final SELECT;
 * - `audit`: stock's audit record, `after` being the movement row as stock's
 *   JSON.stringify writes it (numerics as PostgreSQL prints them,
 *   timestamps as ISO text in milliseconds).
 * The request hash is stock's `hashRequest`: SHA-256 of the JSON text of the
 * normalised input's [key, value] pairs in key order.
 *
 * $1 key, $2 part number id, $3 receiving location id, $4 quantity, $5 unit
 * cost, $6 reason, $7 document ref, $8 document type, $9 project, $10 cost
 * centre, $11 confidence score, $12 actor, $13 actor roles, $14 request id,
 * $15 value threshold, $16 confidence threshold (null: rule off).
 */
export const RECORD_MOVEMENT_SQL = `
WITH input AS (
  SELECT $1::text AS key, $2::bigint AS part_number_id, $3::bigint AS to_location_id,
         $4::numeric AS quantity, $5::numeric AS unit_cost, $11::numeric AS confidence_score,
         trim_scale($4::numeric)::text AS quantity_text, trim_scale($5::numeric)::text AS unit_cost_text,
         trim_scale($11::numeric)::text AS confidence_text),
hashed AS (
  SELECT i.*, encode(sha256(convert_to(
           '[["assetId",null],["confidenceScore",' || ${jsonText('i.confidence_text')} || '],["costCenter",' || ${jsonText('$10::text')}
           || '],["documentRef",' || ${jsonText('$7::text')} || '],["documentType",' || ${jsonText('$8::text')}
           || '],["fromLocationId",null],["partNumberId",' || ${jsonText('$2::text')} || '],["project",' || ${jsonText('$9::text')}
           || '],["quantity",' || ${jsonText('i.quantity_text')} || '],["reason",' || ${jsonText('$6::text')}
           || '],["toLocationId",' || ${jsonText('$3::text')} || '],["type","INBOUND"],["unitCost",' || ${jsonText('i.unit_cost_text')} || ']]',
           'UTF8')), 'hex') AS request_hash,
         array_remove(ARRAY[
           CASE WHEN $15::numeric IS NOT NULL AND i.unit_cost IS NOT NULL AND round(i.quantity * i.unit_cost, 6) >= $15::numeric THEN 'VALUE_THRESHOLD' END,
           CASE WHEN $16::numeric IS NOT NULL AND i.confidence_score IS NOT NULL AND i.confidence_score < $16::numeric THEN 'LOW_CONFIDENCE' END
         ], NULL) AS triggers
  FROM input i),
existing AS (
  SELECT m.id, m.status, m.quantity, m.request_hash FROM stock.movement m WHERE m.created_by = $12::text AND m.idempotency_key = $1::text),
facts AS (
  SELECT part.id IS NOT NULL AS part_known, part.active AS part_active, part.serialized AS part_serialized,
         location.id IS NOT NULL AS location_known, location.active AS location_active, location.code AS location_code
  FROM input i
  LEFT JOIN stock.catalog_part_number part ON part.id = i.part_number_id
  LEFT JOIN stock.location location ON location.id = i.to_location_id),
refusals AS (
  SELECT r.n, r.field, r.message, r.code
  FROM input i CROSS JOIN facts f
  CROSS JOIN LATERAL (VALUES
    (1, i.quantity <= 0, 'quantity', 'quantity must be a positive number with at most six decimal places.', 'INVALID_VALUE'),
    (2, i.unit_cost < 0, 'unitCost', 'unitCost must be zero or more, with at most six decimal places.', 'INVALID_VALUE'),
    (3, i.confidence_score < 0 OR i.confidence_score > 1, 'confidenceScore', 'confidenceScore must be between 0 and 1.', 'INVALID_VALUE'),
    (4, NOT f.part_known, 'partNumberId', 'Part number ' || $2::text || ' is not known to stock.', 'NOT_FOUND'),
    (5, NOT f.part_active, 'partNumberId', 'The part number is inactive; it can leave stock but not be received or moved.', 'INVALID_VALUE'),
    (6, f.part_serialized, 'assetId', 'The part number is serialized: name the asset moved.', 'INVALID_VALUE'),
    (7, NOT f.location_known, 'toLocationId', 'Location ' || $3::text || ' does not exist.', 'NOT_FOUND'),
    (8, NOT f.location_active, 'toLocationId', 'Location ' || f.location_code || ' is inactive and accepts no stock.', 'INVALID_VALUE')
  ) AS r (n, refused, field, message, code)
  WHERE r.refused),
inserted AS (
  INSERT INTO stock.movement (idempotency_key, request_hash, type, status, part_number_id, asset_id, quantity,
    from_location_id, to_location_id, unit_cost, reason, document_ref, document_type, project, cost_center,
    confidence_score, approval_triggers, reservation_id, created_by, posted_at)
  SELECT h.key, h.request_hash, 'INBOUND', CASE WHEN cardinality(h.triggers) > 0 THEN 'PENDING_APPROVAL' ELSE 'POSTED' END,
         h.part_number_id, NULL, h.quantity, NULL, h.to_location_id, h.unit_cost, $6::text, $7::text, $8::text, $9::text, $10::text,
         h.confidence_score, h.triggers, NULL, $12::text, CASE WHEN cardinality(h.triggers) = 0 THEN now() END
  FROM hashed h
  WHERE NOT EXISTS (SELECT FROM existing) AND NOT EXISTS (SELECT FROM refusals)
  ON CONFLICT (created_by, idempotency_key) DO NOTHING
  RETURNING *),
balance AS (
  INSERT INTO stock.balance AS b (part_number_id, location_id, on_hand)
  SELECT m.part_number_id, m.to_location_id, m.quantity FROM inserted m WHERE m.status = 'POSTED'
  ON CONFLICT (part_number_id, location_id) DO UPDATE SET on_hand = b.on_hand + excluded.on_hand, updated_at = now()
  RETURNING b.location_id),
event AS (
  INSERT INTO outbox.event (topic, payload, producer, request_id)
  SELECT 'stock.movement.approval_requested',
         jsonb_build_object(
           'movementId', m.id::text, 'type', m.type, 'partNumberId', m.part_number_id::text, 'assetId', NULL,
           'quantity', trim_scale(m.quantity)::text, 'fromLocationId', NULL, 'toLocationId', m.to_location_id::text,
           'unitCost', trim_scale(m.unit_cost)::text, 'value', trim_scale(round(m.quantity * m.unit_cost, 6))::text,
           'confidenceScore', trim_scale(m.confidence_score)::text, 'reason', m.reason, 'documentRef', m.document_ref,
           'triggers', to_jsonb(m.approval_triggers), 'requestedBy', $12::text),
         'stock', $14::text
  FROM inserted m WHERE m.status = 'PENDING_APPROVAL'
  RETURNING topic),
audit AS (
  INSERT INTO stock.audit_event (action, entity_type, entity_id, before, after, actor, actor_roles, request_id)
  SELECT CASE WHEN m.status = 'POSTED' THEN 'movement.posted' ELSE 'movement.approval_requested' END, 'Movement', m.id::text,
         'null'::jsonb,
         jsonb_build_object(
           'id', m.id::text, 'type', m.type, 'status', m.status, 'partNumberId', m.part_number_id::text,
           'assetId', m.asset_id::text, 'quantity', m.quantity::text, 'fromLocationId', m.from_location_id::text,
           'toLocationId', m.to_location_id::text, 'unitCost', m.unit_cost::text, 'reason', m.reason,
           'documentRef', m.document_ref, 'createdBy', m.created_by,
           'createdAt', to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'postedAt', to_char(m.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'documentType', m.document_type, 'project', m.project, 'costCenter', m.cost_center,
           'confidenceScore', m.confidence_score::text, 'totalCost', (m.quantity * m.unit_cost)::numeric(20, 6)::text,
           'approvalTriggers', to_jsonb(m.approval_triggers), 'decidedAt', NULL, 'decidedBy', NULL, 'statusReason', NULL,
           'reservationId', NULL, 'idempotencyKey', m.idempotency_key, 'requestHash', m.request_hash),
         $12::text, $13::text[], $14::text
  FROM inserted m
  RETURNING id)
SELECT CASE
  WHEN e.id IS NOT NULL AND e.request_hash IS NOT DISTINCT FROM h.request_hash THEN
    json_build_object('data', json_build_object('recordMovement', json_build_object(
      'movement', json_build_object('id', e.id::text, 'status', e.status, 'quantity', trim_scale(e.quantity)::text), 'userErrors', '[]'::json)))
  WHEN e.id IS NOT NULL THEN
    json_build_object('data', json_build_object('recordMovement', json_build_object(
      'movement', NULL, 'userErrors', json_build_array(json_build_object(
        'field', json_build_array('input', 'idempotencyKey'),
        'message', 'This idempotency key was already used for a different movement; use a new key.',
        'code', 'CONFLICT')))))
  WHEN EXISTS (SELECT FROM refusals) THEN
    json_build_object('data', json_build_object('recordMovement', json_build_object(
      'movement', NULL,
      'userErrors', (SELECT json_agg(json_build_object('field', json_build_array('input', r.field), 'message', r.message, 'code', r.code) ORDER BY r.n)
                     FROM refusals r))))
  WHEN m.id IS NOT NULL THEN
    json_build_object('data', json_build_object('recordMovement', json_build_object(
      'movement', json_build_object('id', m.id::text, 'status', m.status, 'quantity', trim_scale(m.quantity)::text), 'userErrors', '[]'::json)))
  ELSE json_build_object('errors', json_build_array(json_build_object(
    'message', 'A concurrent request recorded a movement under this idempotency key; send the request again for its result.')), 'data', NULL)
  END::text AS body,
  (SELECT count(pg_notify('outbox', v.topic)) FROM event v) AS notified
FROM hashed h
LEFT JOIN existing e ON true
LEFT JOIN inserted m ON true`;

const ID = /^[1-9]\d{0,17}$/;
const DECIMAL = /^-?\d{1,14}(\.\d{1,6})?$/;

type Variables = Record<string, unknown>;

const isObject = (value: unknown): value is Variables => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An id variable as the gateway's `parseId` accepts it, or null. */
function id(value: unknown): string | null {
  const text = typeof value === 'number' ? String(value) : value;
  return typeof text === 'string' && ID.test(text) ? text : null;
}

/** A decimal variable as the `Decimal` scalar accepts it (text, or an integer JSON number), or null. */
function decimal(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return typeof value === 'string' && DECIMAL.test(value.trim()) ? value.trim() : null;
}

/** Trimmed text, null when absent or blank (stock's `optionalText`). */
function optionalText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** The stock approval thresholds, read from the same environment variables as the stock subgraph, with its defaults. */
export interface FloorSettings {
  readonly valueThreshold: string | null;
  readonly confidenceThreshold: string | null;
}

export function readFloorSettings(env: NodeJS.ProcessEnv): FloorSettings {
  const threshold = (name: string, fallback: string): string | null => {
    const raw = env[name];
    if (raw === undefined) return fallback;
    if (raw.toLowerCase() === 'off') return null;
    if (!DECIMAL.test(raw) || raw.startsWith('-')) throw new Error(`${name} must be a decimal of at least 0 (or "off"), got "${raw}"`);
    return raw;
  };
  return {
    valueThreshold: threshold('STOCK_APPROVAL_VALUE_THRESHOLD', '10000'),
    confidenceThreshold: threshold('STOCK_APPROVAL_CONFIDENCE_THRESHOLD', '0.8'),
  };
}

/** Who the floor records writes as: the caller the benchmark sends every request as (`x-api-key: dev-admin`). */
export const FLOOR_ACTOR = { subject: 'dev-admin', roles: ['admin'] } as const;

/** The statement answering one request, chosen by `operationName`; `requestId` goes to the audit trail of writes. */
export function statementFor(operationName: unknown, variables: unknown, settings: FloorSettings, requestId: string): FloorStatement {
  const vars: Variables = isObject(variables) ? variables : {};
  switch (operationName) {
    case 'AssetOverview': {
      const assetId = id(vars.id);
      return assetId ? { name: 'floor-asset-overview', text: ASSET_OVERVIEW_SQL, values: [assetId] } : { unsupported: '"id" is not a valid id' };
    }
    case 'PartNumberList': {
      const filter: Variables = isObject(vars.filter) ? vars.filter : {};
      if (filter.search !== undefined && filter.search !== null) return { unsupported: 'the floor does no text search' };
      const text = (value: unknown) => (typeof value === 'string' ? value : null);
      const flag = (value: unknown) => (typeof value === 'boolean' ? value : null);
      return {
        name: 'floor-part-number-list',
        text: PART_NUMBER_LIST_SQL,
        values: [text(filter.category), text(filter.subcategory), text(filter.manufacturer), flag(filter.active), flag(filter.serialized)],
      };
    }
    case 'LowStockUnderWarehouse': {
      const locationId = id(vars.locationId);
      return locationId ? { name: 'floor-low-stock', text: LOW_STOCK_SQL, values: [locationId] } : { unsupported: '"locationId" is not a valid id' };
    }
    case 'CiImpact': {
      const ciId = id(vars.id);
      return ciId ? { name: 'floor-impact', text: IMPACT_SQL, values: [ciId] } : { unsupported: '"id" is not a valid id' };
    }
    case 'BenchRecordMovement': {
      const input: Variables = isObject(vars.input) ? vars.input : {};
      if (input.type !== 'INBOUND' || (input.assetId ?? null) !== null || (input.fromLocationId ?? null) !== null) {
        return { unsupported: 'the floor records only INBOUND movements of bulk parts (no asset, no fromLocationId)' };
      }
      const key = typeof input.idempotencyKey === 'string' ? input.idempotencyKey.trim() : '';
      const partNumberId = id(input.partNumberId);
      const toLocationId = id(input.toLocationId);
      const quantity = decimal(input.quantity);
      const optionalDecimal = (value: unknown) => (value === null || value === undefined ? { ok: true, value: null } : { ok: decimal(value) !== null, value: decimal(value) });
      const unitCost = optionalDecimal(input.unitCost);
      const confidenceScore = optionalDecimal(input.confidenceScore);
      if (key.length === 0 || key.length > 200 || !partNumberId || !toLocationId || !quantity || !unitCost.ok || !confidenceScore.ok) {
        return { unsupported: 'malformed input (the gateway refuses it before any SQL)' };
      }
      return {
        name: 'floor-record-movement',
        text: RECORD_MOVEMENT_SQL,
        values: [
          key, partNumberId, toLocationId, quantity, unitCost.value, optionalText(input.reason), optionalText(input.documentRef),
          optionalText(input.documentType), optionalText(input.project), optionalText(input.costCenter), confidenceScore.value,
          FLOOR_ACTOR.subject, FLOOR_ACTOR.roles, requestId, settings.valueThreshold, settings.confidenceThreshold,
        ],
      };
    }
    default:
      return { unsupported: `the floor answers only ${FLOOR_OPERATIONS.join(', ')}` };
  }
}
