/**
 * The floor for the benchmark: the least work that can answer the headline
 * question. A bare `node:http` server takes the same POST /graphql body as
 * the gateways, ignores the document and answers `AssetOverview` with ONE
 * hand-written SQL statement that builds the whole response JSON in
 * PostgreSQL (same fields, same order of list items, same number and date
 * formats as the gateway). No GraphQL, no federation hops, no
 * authentication. Any other operation gets a 404: the floor exists only for
 * the headline.
 *
 * Environment: PORT, DATABASE_URL, DATABASE_POOL_SIZE (default 10).
 */
import { createServer } from 'node:http';
import pg from 'pg';

/** The whole AssetOverview answer for asset $1, as the text of `{"data":{"asset":...}}`. */
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

const port = Number(process.env.PORT ?? 4200);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10), application_name: 'bench-floor' });
pool.on('error', () => undefined);

function readBody(request: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const server = createServer(async (request, response) => {
  if (request.url === '/healthz') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  try {
    const { operationName, variables } = JSON.parse(await readBody(request)) as { operationName?: string; variables?: { id?: string } };
    if (request.method !== 'POST' || operationName !== 'AssetOverview' || !/^\d{1,18}$/.test(variables?.id ?? '')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"message":"the floor answers only AssetOverview"}]}');
      return;
    }
    const { rows } = await pool.query<{ body: string }>({ name: 'asset-overview', text: ASSET_OVERVIEW_SQL, values: [variables!.id] });
    response.writeHead(200, { 'content-type': 'application/json' }).end(rows[0]!.body);
  } catch (error) {
    response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(error) }] }));
  }
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => process.stderr.write(`floor listening on http://127.0.0.1:${port}/graphql\n`));

const stop = () => {
  server.close();
  void pool.end().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
