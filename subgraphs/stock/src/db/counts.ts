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
}

const SESSION = `s.id, s.location_id AS "locationId", s.status, s.note, s.created_by AS "createdBy", s.created_at AS "createdAt",
  s.closed_by AS "closedBy", s.closed_at AS "closedAt", s.adjusted_at AS "adjustedAt"`;
const LINE = `c.id, c.session_id AS "sessionId", c.part_number_id AS "partNumberId", c.location_id AS "locationId",
  c.asset_id AS "assetId", c.quantity, c.recorded_by AS "recordedBy", c.recorded_at AS "recordedAt"`;
const DIVERGENCE = `d.id, d.session_id AS "sessionId", d.kind, d.part_number_id AS "partNumberId", d.location_id AS "locationId",
  d.asset_id AS "assetId", d.recorded_location_id AS "recordedLocationId", d.expected_quantity AS "expectedQuantity",
  d.counted_quantity AS "countedQuantity", d.movement_id AS "movementId", d.refusal`;

/** Opens a count session over the subtree of `locationId`. */
export async function insertCountSession(tx: Queryable, locationId: string, note: string | null, createdBy: string): Promise<CountSessionRow> {
  const [row] = await tx.query<CountSessionRow>(
    'insertCountSession',
    `WITH inserted AS (INSERT INTO stock.count_session (location_id, note, created_by) VALUES ($1, $2, $3) RETURNING *)
     SELECT ${SESSION} FROM inserted s`,
    [locationId, note, createdBy],
  );
  return row!;
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

/** Whether `locationId` is `rootId` or below it. */
export async function isWithin(db: Queryable, locationId: string, rootId: string): Promise<boolean> {
  const [row] = await db.query<{ within: boolean }>(
    'isLocationWithin',
    `SELECT EXISTS (SELECT 1 FROM stock.location l WHERE l.id = $1 AND l.path @> ARRAY[$2::bigint]) AS within`,
    [locationId, rootId],
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
 * Compares a session's counts with stock over its subtree and stores what
 * differs, in one statement. Bulk parts: each part and location that holds
 * stock or was counted, quantity against quantity (not counted counts as 0).
 * Serialized parts: each asset stock places in the subtree or that was
 * scanned, place against place. The locked balances are read as they are at
 * close time.
 */
export async function insertDivergences(tx: Queryable, sessionId: string, rootId: string): Promise<void> {
  await tx.query(
    'insertDivergences',
    `WITH scope AS (SELECT l.id FROM stock.location l WHERE l.path @> ARRAY[$2::bigint]),
     expected AS (
       SELECT b.part_number_id, b.location_id, b.on_hand AS quantity
       FROM stock.balance b JOIN stock.catalog_part_number p ON p.id = b.part_number_id AND NOT p.serialized
       WHERE b.location_id IN (SELECT id FROM scope) AND b.on_hand > 0
     ),
     counted AS (
       SELECT c.part_number_id, c.location_id, c.quantity FROM stock.count_line c
       WHERE c.session_id = $1 AND c.asset_id IS NULL
     ),
     bulk AS (
       SELECT coalesce(e.part_number_id, c.part_number_id) AS part_number_id, coalesce(e.location_id, c.location_id) AS location_id,
              coalesce(e.quantity, 0) AS expected, coalesce(c.quantity, 0) AS counted
       FROM expected e FULL JOIN counted c USING (part_number_id, location_id)
     ),
     placed AS (
       SELECT p.asset_id, p.location_id FROM stock.asset_position p WHERE p.location_id IN (SELECT id FROM scope)
     ),
     scanned AS (
       SELECT c.asset_id, c.part_number_id, c.location_id FROM stock.count_line c WHERE c.session_id = $1 AND c.asset_id IS NOT NULL
     ),
     units AS (
       SELECT coalesce(s.asset_id, pl.asset_id) AS asset_id, a.part_number_id, s.location_id AS scanned_at,
              (SELECT p.location_id FROM stock.asset_position p WHERE p.asset_id = coalesce(s.asset_id, pl.asset_id)) AS recorded_at
       FROM placed pl FULL JOIN scanned s USING (asset_id)
       JOIN stock.catalog_asset a ON a.id = coalesce(s.asset_id, pl.asset_id)
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
    [sessionId, rootId],
  );
}

/** Notes the movement that settles a divergence, or why none could be made. */
export async function settleDivergence(tx: Queryable, id: string, movementId: string | null, refusal: string | null): Promise<void> {
  await tx.query('settleDivergence', `UPDATE stock.count_divergence SET movement_id = $2, refusal = $3 WHERE id = $1`, [id, movementId, refusal]);
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
            expected AS "expectedQuantity", counted AS "countedQuantity", NULL AS "movementId", NULL AS refusal
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
