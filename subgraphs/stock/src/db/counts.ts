import type { Queryable } from '@inventory/platform';

export type CountStatus = 'OPEN' | 'CLOSED' | 'ADJUSTED';
export type DivergenceKind = 'MISSING' | 'FOUND' | 'MOVED' | 'QUANTITY_OFF';

/** A `stock.count_session` row. */
export interface CountSessionRow {
  readonly id: string;
  readonly locationId: string;
  readonly status: CountStatus;
  readonly note: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly closedBy: string | null;
  readonly closedAt: Date | null;
  readonly adjustedAt: Date | null;
}

/** A `stock.count_line` row: a counted quantity, or one scanned asset. */
export interface CountLineRow {
  readonly id: string;
  readonly sessionId: string;
  readonly partNumberId: string;
  readonly locationId: string;
  readonly assetId: string | null;
  readonly quantity: string;
  readonly recordedBy: string;
  readonly recordedAt: Date;
}

/** A difference between what stock records and what was counted (or reported). */
export interface DivergenceRow {
  readonly id: string | null;
  readonly sessionId: string | null;
  readonly kind: DivergenceKind;
  readonly partNumberId: string;
  readonly locationId: string;
  readonly assetId: string | null;
  readonly recordedLocationId: string | null;
  readonly expectedQuantity: string;
  readonly countedQuantity: string;
  readonly movementId: string | null;
  readonly refusal: string | null;
  /** The later count that judged this place again before this divergence was settled; it is never settled then. */
  readonly supersededBy: string | null;
}

const SESSION = `s.id, s.location_id AS "locationId", s.status, s.note, s.created_by AS "createdBy", s.created_at AS "createdAt",
  s.closed_by AS "closedBy", s.closed_at AS "closedAt", s.adjusted_at AS "adjustedAt"`;
const LINE = `c.id, c.session_id AS "sessionId", c.part_number_id AS "partNumberId", c.location_id AS "locationId",
  c.asset_id AS "assetId", c.quantity, c.recorded_by AS "recordedBy", c.recorded_at AS "recordedAt"`;
const DIVERGENCE = `d.id, d.session_id AS "sessionId", d.kind, d.part_number_id AS "partNumberId", d.location_id AS "locationId",
  d.asset_id AS "assetId", d.recorded_location_id AS "recordedLocationId", d.expected_quantity AS "expectedQuantity",
  d.counted_quantity AS "countedQuantity", d.movement_id AS "movementId", d.refusal, d.superseded_by AS "supersededBy"`;

/**
 * Opens a count session over the subtree of `locationId` and binds it to
 * the locations of that subtree as they are now (`stock.count_scope`), in
 * one statement. A location already covered by another OPEN session
 * violates `count_scope_one_open_count`.
 */
export async function insertCountSession(tx: Queryable, locationId: string, note: string | null, createdBy: string): Promise<CountSessionRow> {
  const [row] = await tx.query<CountSessionRow>(
    'insertCountSession',
    `WITH inserted AS (INSERT INTO stock.count_session (location_id, note, created_by) VALUES ($1, $2, $3) RETURNING *),
     scope AS (
       INSERT INTO stock.count_scope (session_id, status, location_id)
       SELECT i.id, i.status, l.id FROM inserted i JOIN stock.location l ON l.path @> ARRAY[i.location_id]
     )
     SELECT ${SESSION} FROM inserted s`,
    [locationId, note, createdBy],
  );
  return row!;
}

/** The OPEN sessions that count any location of the subtree of `locationId`, oldest first. */
export async function findOpenSessionsOverlapping(db: Queryable, locationId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    'findOpenSessionsOverlapping',
    `SELECT DISTINCT c.session_id::text AS id FROM stock.count_scope c
     WHERE c.status = 'OPEN' AND c.location_id IN (SELECT l.id FROM stock.location l WHERE l.path @> ARRAY[$1::bigint])
     ORDER BY 1`,
    [locationId],
  );
  return rows.map((row) => row.id);
}

/** Count sessions with these ids, in no particular order. */
export function findCountSessionsByIds(db: Queryable, ids: readonly string[]): Promise<CountSessionRow[]> {
  return db.query('findCountSessionsByIds', `SELECT ${SESSION} FROM stock.count_session s WHERE s.id = ANY($1::bigint[])`, [ids]);
}

/** One count session, locked until the transaction ends. */
export async function lockCountSession(tx: Queryable, id: string): Promise<CountSessionRow | null> {
  const [row] = await tx.query<CountSessionRow>('lockCountSession', `SELECT ${SESSION} FROM stock.count_session s WHERE s.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/** Moves a session on: CLOSED (by whom) or ADJUSTED. */
export async function updateCountSessionStatus(tx: Queryable, id: string, status: 'CLOSED' | 'ADJUSTED', by: string): Promise<CountSessionRow> {
  const [row] = await tx.query<CountSessionRow>(
    'updateCountSessionStatus',
    `WITH updated AS (
       UPDATE stock.count_session
       SET status = $2,
           closed_at = CASE WHEN $2 = 'CLOSED' THEN now() ELSE closed_at END,
           closed_by = CASE WHEN $2 = 'CLOSED' THEN $3 ELSE closed_by END,
           adjusted_at = CASE WHEN $2 = 'ADJUSTED' THEN now() ELSE adjusted_at END
       WHERE id = $1 RETURNING *)
     SELECT ${SESSION} FROM updated s`,
    [id, status, by],
  );
  return row!;
}

/** Whether a session counts `locationId`: whether it was in the session's subtree when the session started. */
export async function isInScope(db: Queryable, sessionId: string, locationId: string): Promise<boolean> {
  const [row] = await db.query<{ within: boolean }>(
    'isInCountScope',
    `SELECT EXISTS (SELECT 1 FROM stock.count_scope c WHERE c.session_id = $1 AND c.location_id = $2) AS within`,
    [sessionId, locationId],
  );
  return row?.within ?? false;
}

/** Records a counted quantity of a part at a location; a recount in the same session replaces it. */
export async function saveCountedQuantity(
  tx: Queryable,
  line: { sessionId: string; partNumberId: string; locationId: string; quantity: string; recordedBy: string },
): Promise<CountLineRow> {
  const [row] = await tx.query<CountLineRow>(
    'saveCountedQuantity',
    `WITH saved AS (
       INSERT INTO stock.count_line (session_id, part_number_id, location_id, quantity, recorded_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (session_id, part_number_id, location_id) WHERE asset_id IS NULL
       DO UPDATE SET quantity = excluded.quantity, recorded_by = excluded.recorded_by, recorded_at = now()
       RETURNING *)
     SELECT ${LINE} FROM saved c`,
    [line.sessionId, line.partNumberId, line.locationId, line.quantity, line.recordedBy],
  );
  return row!;
}

/** Records a scanned serialized asset at a location; scanning it again in the session moves the scan. */
export async function saveScannedAsset(
  tx: Queryable,
  line: { sessionId: string; partNumberId: string; locationId: string; assetId: string; recordedBy: string },
): Promise<CountLineRow> {
  const [row] = await tx.query<CountLineRow>(
    'saveScannedAsset',
    `WITH saved AS (
       INSERT INTO stock.count_line (session_id, part_number_id, location_id, asset_id, quantity, recorded_by) VALUES ($1, $2, $3, $4, 1, $5)
       ON CONFLICT (session_id, asset_id) WHERE asset_id IS NOT NULL
       DO UPDATE SET location_id = excluded.location_id, recorded_by = excluded.recorded_by, recorded_at = now()
       RETURNING *)
     SELECT ${LINE} FROM saved c`,
    [line.sessionId, line.partNumberId, line.locationId, line.assetId, line.recordedBy],
  );
  return row!;
}

/** The lines of these sessions, each session's in the order recorded. */
export function findLinesOfSessions(db: Queryable, sessionIds: readonly string[]): Promise<CountLineRow[]> {
  return db.query('findLinesOfSessions', `SELECT ${LINE} FROM stock.count_line c WHERE c.session_id = ANY($1::bigint[]) ORDER BY c.session_id, c.id`, [sessionIds]);
}

/** The divergences of these sessions, each session's in the order found. */
export function findDivergencesOfSessions(db: Queryable, sessionIds: readonly string[]): Promise<DivergenceRow[]> {
  return db.query(
    'findDivergencesOfSessions',
    `SELECT ${DIVERGENCE} FROM stock.count_divergence d WHERE d.session_id = ANY($1::bigint[]) ORDER BY d.session_id, d.id`,
    [sessionIds],
  );
}

/**
 * Marks as superseded by `sessionId` every divergence of another CLOSED
 * session that has no movement yet and concerns a location `sessionId`
 * counts: the closing count judges those places again, so the older
 * finding must never be settled on top of it. Rows are locked in id order.
 */
export async function supersedeDivergences(tx: Queryable, sessionId: string): Promise<void> {
  await tx.query(
    'supersedeDivergences',
    `WITH scope AS (SELECT c.location_id AS id FROM stock.count_scope c WHERE c.session_id = $1),
     older AS (
       SELECT d.id FROM stock.count_divergence d JOIN stock.count_session s ON s.id = d.session_id
       WHERE d.movement_id IS NULL AND d.superseded_by IS NULL AND d.session_id <> $1 AND s.status = 'CLOSED'
         AND (d.location_id IN (SELECT id FROM scope) OR d.recorded_location_id IN (SELECT id FROM scope))
       ORDER BY d.id FOR UPDATE OF d
     )
     UPDATE stock.count_divergence d SET superseded_by = $1 FROM older WHERE d.id = older.id AND d.movement_id IS NULL`,
    [sessionId],
  );
}

/**
 * Compares a session's counts with stock over the locations it counts (its
 * scope, fixed when it started) and stores what differs, in one statement.
 * What stock expects is what it records plus what is still waiting for
 * approval to record: pending ADJUSTMENTs and pending movements settling
 * another count's divergence, so a difference already on its way is not
 * found again. Bulk parts: each part and location that holds stock or was
 * counted, quantity against quantity (not counted counts as 0). Serialized
 * parts: each asset expected in the scope or scanned, place against place.
 * The balances are read as they are at close time.
 */
export async function insertDivergences(tx: Queryable, sessionId: string): Promise<void> {
  await tx.query(
    'insertDivergences',
    `WITH scope AS (SELECT c.location_id AS id FROM stock.count_scope c WHERE c.session_id = $1),
     pending AS (
       SELECT m.id, m.part_number_id, m.asset_id, m.from_location_id, m.to_location_id, m.quantity
       FROM stock.movement m
       WHERE m.status = 'PENDING_APPROVAL'
         AND (m.type = 'ADJUSTMENT' OR EXISTS (SELECT 1 FROM stock.count_divergence d WHERE d.movement_id = m.id))
     ),
     expected AS (
       SELECT x.part_number_id, x.location_id, sum(x.quantity) AS quantity
       FROM (
         SELECT b.part_number_id, b.location_id, b.on_hand AS quantity FROM stock.balance b
         WHERE b.location_id IN (SELECT id FROM scope) AND b.on_hand > 0
         UNION ALL
         SELECT p.part_number_id, p.to_location_id, p.quantity FROM pending p
         WHERE p.asset_id IS NULL AND p.to_location_id IN (SELECT id FROM scope)
         UNION ALL
         SELECT p.part_number_id, p.from_location_id, -p.quantity FROM pending p
         WHERE p.asset_id IS NULL AND p.from_location_id IN (SELECT id FROM scope)
       ) x JOIN stock.catalog_part_number p ON p.id = x.part_number_id AND NOT p.serialized
       GROUP BY x.part_number_id, x.location_id
     ),
     counted AS (
       SELECT c.part_number_id, c.location_id, c.quantity FROM stock.count_line c
       WHERE c.session_id = $1 AND c.asset_id IS NULL
     ),
     bulk AS (
       SELECT coalesce(e.part_number_id, c.part_number_id) AS part_number_id, coalesce(e.location_id, c.location_id) AS location_id,
              greatest(coalesce(e.quantity, 0), 0) AS expected, coalesce(c.quantity, 0) AS counted
       FROM expected e FULL JOIN counted c USING (part_number_id, location_id)
     ),
     scanned AS (
       SELECT c.asset_id, c.location_id FROM stock.count_line c WHERE c.session_id = $1 AND c.asset_id IS NOT NULL
     ),
     pending_place AS (
       SELECT DISTINCT ON (p.asset_id) p.asset_id, p.to_location_id AS location_id FROM pending p
       WHERE p.asset_id IS NOT NULL ORDER BY p.asset_id, p.id DESC
     ),
     candidates AS (
       SELECT ap.asset_id FROM stock.asset_position ap WHERE ap.location_id IN (SELECT id FROM scope)
       UNION SELECT asset_id FROM pending_place
       UNION SELECT asset_id FROM scanned
     ),
     recorded AS (
       SELECT c.asset_id, CASE WHEN pp.asset_id IS NOT NULL THEN pp.location_id ELSE ap.location_id END AS location_id
       FROM candidates c
       LEFT JOIN stock.asset_position ap ON ap.asset_id = c.asset_id
       LEFT JOIN pending_place pp ON pp.asset_id = c.asset_id
     ),
     units AS (
       SELECT r.asset_id, a.part_number_id, s.location_id AS scanned_at, r.location_id AS recorded_at
       FROM recorded r
       JOIN stock.catalog_asset a ON a.id = r.asset_id
       LEFT JOIN scanned s ON s.asset_id = r.asset_id
       WHERE s.asset_id IS NOT NULL OR r.location_id IN (SELECT id FROM scope)
     )
     INSERT INTO stock.count_divergence (session_id, kind, part_number_id, location_id, asset_id, recorded_location_id, expected_quantity, counted_quantity)
     SELECT $1, CASE WHEN counted = 0 THEN 'MISSING' WHEN expected = 0 THEN 'FOUND' ELSE 'QUANTITY_OFF' END,
            part_number_id, location_id, NULL, NULL, expected, counted
     FROM bulk WHERE expected <> counted
     UNION ALL
     SELECT $1, CASE WHEN scanned_at IS NULL THEN 'MISSING' WHEN recorded_at IS NULL THEN 'FOUND' ELSE 'MOVED' END,
            part_number_id, coalesce(scanned_at, recorded_at), asset_id,
            CASE WHEN scanned_at IS NOT NULL THEN recorded_at END,
            CASE WHEN scanned_at IS NULL OR recorded_at IS NOT NULL THEN 1 ELSE 0 END,
            CASE WHEN scanned_at IS NULL THEN 0 ELSE 1 END
     FROM units WHERE scanned_at IS DISTINCT FROM recorded_at
     ORDER BY 3, 4, 5`,
    [sessionId],
  );
}

/**
 * Notes the movement that settles a divergence, in the transaction that
 * records the movement. False when a later count superseded the divergence
 * meanwhile (the caller then rolls the movement back); waits for a
 * concurrent supersession to commit before deciding.
 */
export async function settleDivergence(tx: Queryable, id: string, movementId: string): Promise<boolean> {
  const rows = await tx.query(
    'settleDivergence',
    `UPDATE stock.count_divergence SET movement_id = $2, refusal = NULL WHERE id = $1 AND superseded_by IS NULL RETURNING id`,
    [id, movementId],
  );
  return rows.length === 1;
}

/** Notes why no movement could be made for a divergence. */
export async function noteDivergenceRefusal(db: Queryable, id: string, refusal: string): Promise<void> {
  await db.query('noteDivergenceRefusal', `UPDATE stock.count_divergence SET refusal = $2 WHERE id = $1 AND movement_id IS NULL`, [id, refusal]);
}

/** One reported line of an external stock export, resolved to ids where the codes are known. */
export interface ReportedLine {
  readonly partCode: string;
  readonly locationCode: string;
  readonly quantity: string;
}

/** A reported line whose part or location code stock does not know. */
export interface UnmatchedLine extends ReportedLine {
  readonly partKnown: boolean;
  readonly locationKnown: boolean;
}

/**
 * Compares an external stock export with the balances, in one statement:
 * every part and location in the export, plus every balance in the subtree
 * of `rootId` (or, without it, at the locations the export names).
 */
export function compareWithExport(db: Queryable, lines: readonly ReportedLine[], rootId: string | null): Promise<DivergenceRow[]> {
  return db.query(
    'compareWithExport',
    `WITH reported AS (
       SELECT p.id AS part_number_id, l.id AS location_id, sum(r.quantity) AS quantity
       FROM unnest($1::text[], $2::text[], $3::numeric[]) AS r(part_code, location_code, quantity)
       JOIN stock.catalog_part_number p ON p.code = r.part_code
       JOIN stock.location l ON l.code = r.location_code
       GROUP BY p.id, l.id
     ),
     scope AS (
       SELECT l.id FROM stock.location l
       WHERE CASE WHEN $4::bigint IS NULL THEN l.id IN (SELECT location_id FROM reported) ELSE l.path @> ARRAY[$4::bigint] END
     ),
     expected AS (
       SELECT b.part_number_id, b.location_id, b.on_hand AS quantity FROM stock.balance b
       WHERE b.location_id IN (SELECT id FROM scope) AND b.on_hand > 0
     ),
     compared AS (
       SELECT coalesce(e.part_number_id, r.part_number_id) AS part_number_id, coalesce(e.location_id, r.location_id) AS location_id,
              coalesce(e.quantity, 0) AS expected, coalesce(r.quantity, 0) AS counted
       FROM expected e FULL JOIN reported r USING (part_number_id, location_id)
     )
     SELECT NULL AS id, NULL AS "sessionId",
            CASE WHEN counted = 0 THEN 'MISSING' WHEN expected = 0 THEN 'FOUND' ELSE 'QUANTITY_OFF' END AS kind,
            part_number_id::text AS "partNumberId", location_id::text AS "locationId", NULL AS "assetId", NULL AS "recordedLocationId",
            expected AS "expectedQuantity", counted AS "countedQuantity", NULL AS "movementId", NULL AS refusal, NULL AS "supersededBy"
     FROM compared WHERE expected <> counted
     ORDER BY part_number_id, location_id`,
    [lines.map((line) => line.partCode), lines.map((line) => line.locationCode), lines.map((line) => line.quantity), rootId],
  );
}

/** The reported lines whose part code or location code stock does not know. */
export function findUnmatchedLines(db: Queryable, lines: readonly ReportedLine[]): Promise<UnmatchedLine[]> {
  return db.query(
    'findUnmatchedExportLines',
    `SELECT r.part_code AS "partCode", r.location_code AS "locationCode", r.quantity::text AS quantity,
            p.id IS NOT NULL AS "partKnown", l.id IS NOT NULL AS "locationKnown"
     FROM unnest($1::text[], $2::text[], $3::numeric[]) WITH ORDINALITY AS r(part_code, location_code, quantity, n)
     LEFT JOIN stock.catalog_part_number p ON p.code = r.part_code
     LEFT JOIN stock.location l ON l.code = r.location_code
     WHERE p.id IS NULL OR l.id IS NULL
     ORDER BY r.n`,
    [lines.map((line) => line.partCode), lines.map((line) => line.locationCode), lines.map((line) => line.quantity)],
  );
}
