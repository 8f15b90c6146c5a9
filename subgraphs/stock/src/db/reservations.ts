import type { Queryable } from '@inventory/platform';

export type ReservationStatus = 'ACTIVE' | 'RELEASED' | 'FULFILLED' | 'EXPIRED';

/** A `stock.reservation` row as the resolvers see it. */
export interface ReservationRow {
  readonly id: string;
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
  readonly partNumberId: string;
  readonly locationId: string;
  /** The serialized unit held, for a serialized part; null for bulk parts. */
  readonly assetId: string | null;
  readonly quantity: string;
  readonly status: ReservationStatus;
  readonly expiresAt: Date | null;
  readonly project: string | null;
  readonly requester: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly closedAt: Date | null;
  readonly closedBy: string | null;
  readonly fulfilmentId: string | null;
}

const COLUMNS = `r.id, r.idempotency_key AS "idempotencyKey", r.request_hash AS "requestHash", r.part_number_id AS "partNumberId",
  r.location_id AS "locationId", r.asset_id AS "assetId", r.quantity, r.status, r.expires_at AS "expiresAt", r.project, r.requester,
  r.created_by AS "createdBy", r.created_at AS "createdAt", r.closed_at AS "closedAt", r.closed_by AS "closedBy",
  r.fulfilment_id AS "fulfilmentId"`;

/** The columns of a new reservation: what it sets aside, for whom, and the key it was asked under. */
export type NewReservation = Pick<ReservationRow, 'partNumberId' | 'locationId' | 'assetId' | 'quantity' | 'expiresAt' | 'project' | 'requester' | 'createdBy'> & {
  readonly idempotencyKey: string;
  readonly requestHash: string;
};

/** Inserts an ACTIVE reservation, or returns null when its caller already used its idempotency key (waiting for a concurrent twin). */
export async function insertReservation(tx: Queryable, reservation: NewReservation): Promise<ReservationRow | null> {
  const [row] = await tx.query<ReservationRow>(
    'insertReservation',
    `WITH inserted AS (
       INSERT INTO stock.reservation (idempotency_key, request_hash, part_number_id, location_id, quantity, expires_at, project, requester, created_by, asset_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (created_by, idempotency_key) DO NOTHING
       RETURNING *
     )
     SELECT ${COLUMNS} FROM inserted r`,
    [
      reservation.idempotencyKey, reservation.requestHash, reservation.partNumberId, reservation.locationId, reservation.quantity,
      reservation.expiresAt, reservation.project, reservation.requester, reservation.createdBy, reservation.assetId,
    ],
  );
  return row ?? null;
}

/** The active reservations of one part at one location, oldest first, locked until the transaction ends. */
export function lockActiveReservationsAt(tx: Queryable, partNumberId: string, locationId: string): Promise<ReservationRow[]> {
  return tx.query(
    'lockActiveReservationsAt',
    `SELECT ${COLUMNS} FROM stock.reservation r
     WHERE r.part_number_id = $1 AND r.location_id = $2 AND r.status = 'ACTIVE'
     ORDER BY r.id
     FOR UPDATE`,
    [partNumberId, locationId],
  );
}

/** Lowers an ACTIVE reservation's quantity by `by` (what it gave up), which must leave some. */
export async function shortenReservation(tx: Queryable, id: string, by: string): Promise<ReservationRow> {
  const [row] = await tx.query<ReservationRow>(
    'shortenReservation',
    `WITH updated AS (
       UPDATE stock.reservation SET quantity = quantity - $2::numeric
       WHERE id = $1 AND status = 'ACTIVE' AND quantity > $2::numeric
       RETURNING *
     )
     SELECT ${COLUMNS} FROM updated r`,
    [id, by],
  );
  if (!row) throw new Error(`reservation ${id} is not active or holds no more than ${by}`);
  return row;
}

/** The active reservation holding this asset, if any (at most one: reservation_asset_held_key). */
export async function findHolderOfAsset(db: Queryable, assetId: string): Promise<ReservationRow | null> {
  const [row] = await db.query<ReservationRow>(
    'findHolderOfAsset',
    `SELECT ${COLUMNS} FROM stock.reservation r WHERE r.asset_id = $1 AND r.status = 'ACTIVE'`,
    [assetId],
  );
  return row ?? null;
}

/**
 * The lowest-numbered asset of a part, above `afterId`, that stock places
 * at a location and that no reservation still in force holds (a lapsed one
 * holds nothing); null when there is none. A candidate only: the caller
 * locks it and looks again.
 */
export async function findUnreservedAssetAt(db: Queryable, partNumberId: string, locationId: string, afterId: string | null): Promise<string | null> {
  const [row] = await db.query<{ assetId: string }>(
    'findUnreservedAssetAt',
    `SELECT p.asset_id::text AS "assetId"
     FROM stock.asset_position p JOIN stock.movement m ON m.id = p.movement_id
     WHERE p.location_id = $2 AND m.part_number_id = $1 AND ($3::bigint IS NULL OR p.asset_id > $3)
       AND NOT EXISTS (SELECT 1 FROM stock.reservation r
                       WHERE r.asset_id = p.asset_id AND r.status = 'ACTIVE' AND (r.expires_at IS NULL OR r.expires_at > now()))
     ORDER BY p.asset_id
     LIMIT 1`,
    [partNumberId, locationId, afterId],
  );
  return row?.assetId ?? null;
}

/** Reservations with these ids, in no particular order. */
export function findReservationsByIds(db: Queryable, ids: readonly string[]): Promise<ReservationRow[]> {
  return db.query('findReservationsByIds', `SELECT ${COLUMNS} FROM stock.reservation r WHERE r.id = ANY($1::bigint[])`, [ids]);
}

/** The reservation this caller made under its own idempotency key, if any (another caller's key of the same text is not it). */
export async function findReservationByClientKey(db: Queryable, caller: string, key: string): Promise<ReservationRow | null> {
  const [row] = await db.query<ReservationRow>(
    'findReservationByClientKey',
    `SELECT ${COLUMNS} FROM stock.reservation r WHERE r.created_by = $1 AND r.idempotency_key = $2`,
    [caller, key],
  );
  return row ?? null;
}

/** One reservation, locked until the transaction ends. */
export async function lockReservation(tx: Queryable, id: string): Promise<ReservationRow | null> {
  const [row] = await tx.query<ReservationRow>('lockReservation', `SELECT ${COLUMNS} FROM stock.reservation r WHERE r.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/** Closes an ACTIVE reservation as released, expired or fulfilled. */
export async function closeReservation(
  tx: Queryable,
  id: string,
  close: { status: Exclude<ReservationStatus, 'ACTIVE'>; closedBy: string; fulfilmentId: string | null },
): Promise<ReservationRow> {
  const [row] = await tx.query<ReservationRow>(
    'closeReservation',
    `WITH updated AS (
       UPDATE stock.reservation SET status = $2, closed_at = now(), closed_by = $3, fulfilment_id = $4
       WHERE id = $1 AND status = 'ACTIVE'
       RETURNING *
     )
     SELECT ${COLUMNS} FROM updated r`,
    [id, close.status, close.closedBy, close.fulfilmentId],
  );
  if (!row) throw new Error(`reservation ${id} is not active`);
  return row;
}

/**
 * Claims up to `limit` overdue ACTIVE reservations, skipping rows another
 * worker has claimed (SKIP LOCKED), so several processes can sweep at once
 * without releasing anything twice.
 */
export function claimExpiredReservations(tx: Queryable, limit: number): Promise<ReservationRow[]> {
  return tx.query(
    'claimExpiredReservations',
    `SELECT ${COLUMNS} FROM stock.reservation r
     WHERE r.status = 'ACTIVE' AND r.expires_at <= now()
     ORDER BY r.expires_at, r.id
     LIMIT $1
     FOR UPDATE SKIP LOCKED`,
    [limit],
  );
}

/**
 * Claims the overdue ACTIVE reservations of one part at one location,
 * skipping any another transaction holds (the expiry worker, or a release
 * or fulfilment, which lock the reservation before the balance this
 * caller already holds), so claiming never waits in a lock cycle.
 */
export function claimOverdueReservationsAt(tx: Queryable, partNumberId: string, locationId: string): Promise<ReservationRow[]> {
  return tx.query(
    'claimOverdueReservationsAt',
    `SELECT ${COLUMNS} FROM stock.reservation r
     WHERE r.part_number_id = $1 AND r.location_id = $2 AND r.status = 'ACTIVE' AND r.expires_at <= now()
     ORDER BY r.id
     FOR UPDATE SKIP LOCKED`,
    [partNumberId, locationId],
  );
}

/** Reservations, newest first, optionally of one part, location or status; one page before `beforeId`. */
export function listReservations(
  db: Queryable,
  filter: { partNumberId: string | null; locationId: string | null; status: readonly string[] | null },
  limit: number,
  beforeId: string | null,
): Promise<ReservationRow[]> {
  return db.query(
    'listReservations',
    `SELECT ${COLUMNS} FROM stock.reservation r
     WHERE ($1::bigint IS NULL OR r.part_number_id = $1) AND ($2::bigint IS NULL OR r.location_id = $2)
       AND ($3::text[] IS NULL OR r.status = ANY($3)) AND ($4::bigint IS NULL OR r.id < $4)
     ORDER BY r.id DESC
     LIMIT $5`,
    [filter.partNumberId, filter.locationId, filter.status, beforeId, limit],
  );
}

/** How many reservations match the filter of `listReservations`. */
export async function countReservations(
  db: Queryable,
  filter: { partNumberId: string | null; locationId: string | null; status: readonly string[] | null },
): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    'countReservations',
    `SELECT count(*)::int AS count FROM stock.reservation r
     WHERE ($1::bigint IS NULL OR r.part_number_id = $1) AND ($2::bigint IS NULL OR r.location_id = $2)
       AND ($3::text[] IS NULL OR r.status = ANY($3))`,
    [filter.partNumberId, filter.locationId, filter.status],
  );
  return row?.count ?? 0;
}
