import type { Queryable } from '@inventory/platform';
import { locationJson, type LocationRow } from './locations.ts';

export type MovementType = 'INBOUND' | 'OUTBOUND' | 'TRANSFER' | 'ADJUSTMENT' | 'RESERVATION' | 'RELEASE' | 'RETURN';
export type MovementStatus = 'POSTED' | 'PENDING_APPROVAL' | 'REJECTED' | 'CANCELLED';

/** A `stock.movement` row (one ledger entry) as the resolvers see it. */
export interface MovementRow {
  readonly id: string;
  readonly type: MovementType;
  readonly status: MovementStatus;
  readonly partNumberId: string;
  readonly assetId: string | null;
  readonly quantity: string;
  readonly fromLocationId: string | null;
  readonly toLocationId: string | null;
  readonly unitCost: string | null;
  readonly reason: string | null;
  readonly documentRef: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly postedAt: Date | null;
  readonly documentType: string | null;
  readonly project: string | null;
  readonly costCenter: string | null;
  readonly confidenceScore: string | null;
  readonly totalCost: string | null;
  readonly approvalTriggers: readonly string[];
  readonly decidedAt: Date | null;
  readonly decidedBy: string | null;
  readonly statusReason: string | null;
  readonly reservationId: string | null;
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
}

export interface MovementFilter {
  readonly partNumberId?: string | null;
  readonly assetId?: string | null;
  readonly locationId?: string | null;
  readonly type?: readonly string[] | null;
  readonly status?: readonly string[] | null;
  /** With `locationId`: also movements into or out of any location below it. */
  readonly includeDescendants?: boolean | null;
  readonly createdFrom?: Date | null;
  readonly createdBefore?: Date | null;
  readonly documentRef?: string | null;
}

const COLUMNS = `
  m.id, m.type, m.status, m.part_number_id AS "partNumberId", m.asset_id AS "assetId", m.quantity,
  m.from_location_id AS "fromLocationId", m.to_location_id AS "toLocationId", m.unit_cost AS "unitCost",
  m.reason, m.document_ref AS "documentRef", m.created_by AS "createdBy", m.created_at AS "createdAt",
  m.posted_at AS "postedAt", m.document_type AS "documentType", m.project, m.cost_center AS "costCenter",
  m.confidence_score AS "confidenceScore", round(m.quantity * m.unit_cost, 6) AS "totalCost",
  m.approval_triggers AS "approvalTriggers", m.decided_at AS "decidedAt", m.decided_by AS "decidedBy",
  m.status_reason AS "statusReason", m.reservation_id AS "reservationId", m.idempotency_key AS "idempotencyKey",
  m.request_hash AS "requestHash"`;

const FILTER = `
  ($1::bigint IS NULL OR m.part_number_id = $1)
  AND ($2::bigint IS NULL OR m.asset_id = $2)
  AND ($3::bigint IS NULL OR (CASE WHEN $6::boolean
         THEN m.from_location_id IN (SELECT l.id FROM stock.location l WHERE l.path @> ARRAY[$3::bigint])
              OR m.to_location_id IN (SELECT l.id FROM stock.location l WHERE l.path @> ARRAY[$3::bigint])
              OR m.reservation_id IN (SELECT r.id FROM stock.reservation r JOIN stock.location l ON l.id = r.location_id
                                      WHERE l.path @> ARRAY[$3::bigint])
         ELSE m.from_location_id = $3 OR m.to_location_id = $3
              OR m.reservation_id IN (SELECT r.id FROM stock.reservation r WHERE r.location_id = $3) END))
  AND ($4::text[] IS NULL OR m.type = ANY($4))
  AND ($5::text[] IS NULL OR m.status = ANY($5))
  AND ($7::timestamptz IS NULL OR m.created_at >= $7)
  AND ($8::timestamptz IS NULL OR m.created_at < $8)
  AND ($9::text IS NULL OR m.document_ref = $9)`;

const filterValues = (filter: MovementFilter) => [
  filter.partNumberId ?? null,
  filter.assetId ?? null,
  filter.locationId ?? null,
  filter.type ?? null,
  filter.status ?? null,
  filter.includeDescendants ?? false,
  filter.createdFrom ?? null,
  filter.createdBefore ?? null,
  filter.documentRef ?? null,
];

/** Movements with these ids, in no particular order. */
export function findMovementsByIds(db: Queryable, ids: readonly string[]): Promise<MovementRow[]> {
  return db.query('findMovementsByIds', `SELECT ${COLUMNS} FROM stock.movement m WHERE m.id = ANY($1::bigint[])`, [ids]);
}

/** One page of the ledger, newest first, before the id `beforeId`. */
export function listMovements(db: Queryable, filter: MovementFilter, limit: number, beforeId: string | null): Promise<MovementRow[]> {
  return db.query(
    'listMovements',
    `SELECT ${COLUMNS} FROM stock.movement m
     WHERE ${FILTER} AND ($10::bigint IS NULL OR m.id < $10)
     ORDER BY m.id DESC
     LIMIT $11`,
    [...filterValues(filter), beforeId, limit],
  );
}

/** How many movements match `filter`. */
export async function countMovements(db: Queryable, filter: MovementFilter): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    'countMovements',
    `SELECT count(*)::int AS count FROM stock.movement m WHERE ${FILTER}`,
    filterValues(filter),
  );
  return row?.count ?? 0;
}

/** A movement with its two locations, so they need no second lookup. */
export interface MovementWithLocationsRow extends MovementRow {
  readonly fromLocation: LocationRow | null;
  readonly toLocation: LocationRow | null;
}

/** Up to `limit` newest movements of each asset, before the id `beforeId`: one statement for any number of assets. */
export function listMovementsOfAssets(
  db: Queryable,
  assetIds: readonly string[],
  limit: number,
  beforeId: string | null,
): Promise<MovementWithLocationsRow[]> {
  return db.query(
    'listMovementsOfAssets',
    `SELECT page.* FROM unnest($1::bigint[]) AS parent(id)
     CROSS JOIN LATERAL (
       SELECT ${COLUMNS}, ${locationJson('f')} AS "fromLocation", ${locationJson('t')} AS "toLocation"
       FROM stock.movement m
       LEFT JOIN stock.location f ON f.id = m.from_location_id
       LEFT JOIN stock.location t ON t.id = m.to_location_id
       WHERE m.asset_id = parent.id AND ($2::bigint IS NULL OR m.id < $2)
       ORDER BY m.id DESC
       LIMIT $3
     ) AS page`,
    [assetIds, beforeId, limit],
  );
}

/** Number of movements of each asset that has any. */
export function countMovementsOfAssets(db: Queryable, assetIds: readonly string[]): Promise<{ assetId: string; count: number }[]> {
  return db.query(
    'countMovementsOfAssets',
    `SELECT m.asset_id AS "assetId", count(*)::int AS count
     FROM stock.movement m WHERE m.asset_id = ANY($1::bigint[])
     GROUP BY m.asset_id`,
    [assetIds],
  );
}

/**
 * The columns of a new ledger entry: all but those the database fills in
 * (id, times, total cost) or a decision sets later. A new entry is posted
 * or waits for approval.
 */
export type NewMovement = Omit<MovementRow, 'id' | 'status' | 'createdAt' | 'postedAt' | 'totalCost' | 'decidedAt' | 'decidedBy' | 'statusReason'> & {
  readonly status: 'POSTED' | 'PENDING_APPROVAL';
  /** A key the system made for its own effect (never a client's `idempotencyKey`); unique on its own. */
  readonly systemKey?: string | null;
};

/**
 * Appends a movement, or returns null when its key is taken: a client key
 * by the same caller (`createdBy`), or the same system key. A concurrent
 * insert with the same key waits here for the first one's transaction, so
 * exactly one of them writes the row.
 */
export async function insertMovement(tx: Queryable, movement: NewMovement): Promise<MovementRow | null> {
  const rows = await tx.query<MovementRow>(
    'insertMovement',
    `WITH inserted AS (
       INSERT INTO stock.movement (idempotency_key, request_hash, type, status, part_number_id, asset_id, quantity,
         from_location_id, to_location_id, unit_cost, reason, document_ref, document_type, project, cost_center,
         confidence_score, approval_triggers, reservation_id, created_by, system_key, posted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
               -- A movement named no cost carries its part's average (schema/migrations/0050_stock_valuation.sql).
               coalesce($10::numeric, (SELECT p.average_cost FROM stock.catalog_part_number p WHERE p.id = $5::bigint)),
               $11, $12, $13, $14, $15, $16, $17::text[], $18, $19, $20,
               CASE WHEN $4 = 'POSTED' THEN now() END)
       ON CONFLICT DO NOTHING
       RETURNING *
     )
     SELECT ${COLUMNS} FROM inserted m`,
    [
      movement.idempotencyKey, movement.requestHash, movement.type, movement.status, movement.partNumberId, movement.assetId,
      movement.quantity, movement.fromLocationId, movement.toLocationId, movement.unitCost, movement.reason, movement.documentRef,
      movement.documentType, movement.project, movement.costCenter, movement.confidenceScore, movement.approvalTriggers,
      movement.reservationId, movement.createdBy, movement.systemKey ?? null,
    ],
  );
  return rows[0] ?? null;
}

/** The movement this caller recorded under its own idempotency key, if any (another caller's key of the same text is not it). */
export async function findMovementByClientKey(db: Queryable, caller: string, key: string): Promise<MovementRow | null> {
  const [row] = await db.query<MovementRow>(
    'findMovementByClientKey',
    `SELECT ${COLUMNS} FROM stock.movement m WHERE m.created_by = $1 AND m.idempotency_key = $2`,
    [caller, key],
  );
  return row ?? null;
}

/** The movement the system recorded under one of its own keys, if any. */
export async function findMovementBySystemKey(db: Queryable, key: string): Promise<MovementRow | null> {
  const [row] = await db.query<MovementRow>(
    'findMovementBySystemKey',
    `SELECT ${COLUMNS} FROM stock.movement m WHERE m.system_key = $1`,
    [key],
  );
  return row ?? null;
}

/** One movement, locked until the transaction ends (for deciding a pending one exactly once). */
export async function lockMovement(tx: Queryable, id: string): Promise<MovementRow | null> {
  const [row] = await tx.query<MovementRow>('lockMovement', `SELECT ${COLUMNS} FROM stock.movement m WHERE m.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/** Ends a pending movement: posts it, rejects it or cancels it, recording who decided and why. */
export async function decideMovement(
  tx: Queryable,
  id: string,
  decision: { status: 'POSTED' | 'REJECTED' | 'CANCELLED'; decidedBy: string; reason: string | null },
): Promise<MovementRow> {
  const [row] = await tx.query<MovementRow>(
    'decideMovement',
    `WITH updated AS (
       UPDATE stock.movement
       SET status = $2, posted_at = CASE WHEN $2 = 'POSTED' THEN now() END, decided_at = now(), decided_by = $3, status_reason = $4
       WHERE id = $1 AND status = 'PENDING_APPROVAL'
       RETURNING *
     )
     SELECT ${COLUMNS} FROM updated m`,
    [id, decision.status, decision.decidedBy, decision.reason],
  );
  if (!row) throw new Error(`movement ${id} is not pending`);
  return row;
}
