import type { Queryable } from '@inventory/platform';

export type ApprovalKind = 'STOCK_MOVEMENT' | 'ASSET_ACTION' | 'REVIEW';
export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'ESCALATED' | 'CANCELLED' | 'EXPIRED';
export type AssetAction = 'ASSIGN' | 'RETURN' | 'MOVE' | 'REPAIR' | 'DISPOSE';

/** A request as it is opened: what `insertApprovalRequest` writes. */
export interface NewApprovalRequest {
  readonly kind: ApprovalKind;
  readonly assetId: string | null;
  readonly movementId: string | null;
  readonly action: AssetAction | null;
  readonly actionInput: Record<string, unknown> | null;
  readonly policyId: string | null;
  readonly title: string;
  readonly reason: string | null;
  readonly value: string | null;
  readonly confidenceScore: string | null;
  readonly triggers: readonly string[];
  readonly requiredLevels: number;
  readonly requestedBy: string;
  readonly dueAt: Date | null;
  readonly expiresAt: Date | null;
}

/** An `approvals.approval_request` row as the resolvers see it. */
export interface ApprovalRequestRow extends NewApprovalRequest {
  readonly id: string;
  readonly status: ApprovalStatus;
  readonly currentLevel: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly escalatedAt: Date | null;
  readonly decidedAt: Date | null;
}

export interface ApprovalRequestFilter {
  readonly status: readonly string[] | null;
  readonly kind: readonly string[] | null;
  readonly assetId: string | null;
  readonly movementId: string | null;
  readonly requestedBy: string | null;
  readonly overdue: boolean | null;
  /** When set: only open requests these identities may decide now (see `assignedToCaller` in resolvers/Query.ts). */
  readonly assignedTo: { readonly subject: string; readonly roles: readonly string[]; readonly identities: readonly string[] } | null;
  readonly now: Date;
}

const COLUMNS = `
  r.id, r.kind, r.status, r.asset_id AS "assetId", r.movement_id AS "movementId", r.action, r.action_input AS "actionInput",
  r.policy_id AS "policyId", r.title, r.reason, r.value::text AS value, r.confidence_score::text AS "confidenceScore", r.triggers,
  r.current_level AS "currentLevel", r.required_levels AS "requiredLevels", r.requested_by AS "requestedBy",
  r.created_at AS "createdAt", r.updated_at AS "updatedAt", r.due_at AS "dueAt", r.expires_at AS "expiresAt",
  r.escalated_at AS "escalatedAt", r.decided_at AS "decidedAt"`;

// "Assigned to me": open, not raised by the caller, not already decided by them, and the current level's rule
// (the default rule when the request has no level rows) names the caller's role or one of their identities
// (themselves and the approvers who delegate to them), or its escalation target does once escalated.
const FILTER = `
  ($1::text[] IS NULL OR r.status = ANY($1))
  AND ($2::text[] IS NULL OR r.kind = ANY($2))
  AND ($3::bigint IS NULL OR r.asset_id = $3)
  AND ($4::bigint IS NULL OR r.movement_id = $4)
  AND ($5::text IS NULL OR r.requested_by = $5)
  AND ($6::boolean IS NULL OR (r.status IN ('PENDING', 'ESCALATED') AND r.due_at IS NOT NULL AND r.due_at < $10) = $6)
  AND ($7::text IS NULL OR (
    r.status IN ('PENDING', 'ESCALATED')
    AND r.requested_by <> $7
    AND NOT EXISTS (SELECT 1 FROM approvals.decision d WHERE d.request_id = r.id AND (d.decided_by = $7 OR d.on_behalf_of = $7))
    AND EXISTS (
      SELECT 1 FROM (
        SELECT l.approver_role, l.approvers, l.escalate_to_role, l.escalate_to
        FROM approvals.request_level l WHERE l.request_id = r.id AND l.level = r.current_level
        UNION ALL
        SELECT 'approver', '{}'::text[], NULL, '{}'::text[]
        WHERE NOT EXISTS (SELECT 1 FROM approvals.request_level l WHERE l.request_id = r.id)
      ) rule
      WHERE (rule.approver_role = 'approver' AND $8::text[] && ARRAY['approver', 'admin'])
         OR (rule.approver_role = 'admin' AND 'admin' = ANY($8::text[]))
         OR rule.approvers && $9::text[]
         OR (r.status = 'ESCALATED' AND (
              (rule.escalate_to_role = 'approver' AND $8::text[] && ARRAY['approver', 'admin'])
              OR (rule.escalate_to_role = 'admin' AND 'admin' = ANY($8::text[]))
              OR rule.escalate_to && $9::text[]))
    )))`;

const filterValues = (filter: ApprovalRequestFilter) => [
  filter.status,
  filter.kind,
  filter.assetId,
  filter.movementId,
  filter.requestedBy,
  filter.overdue,
  filter.assignedTo?.subject ?? null,
  filter.assignedTo?.roles ?? null,
  filter.assignedTo?.identities ?? null,
  filter.now,
];

/** Approval requests with these ids, in no particular order. */
export function findApprovalRequestsByIds(db: Queryable, ids: readonly string[]): Promise<ApprovalRequestRow[]> {
  return db.query(
    'findApprovalRequestsByIds',
    `SELECT ${COLUMNS} FROM approvals.approval_request r WHERE r.id = ANY($1::bigint[])`,
    [ids],
  );
}

/** The approval requests deciding these movements (at most one each), in no particular order. */
export function findApprovalRequestsByMovementIds(db: Queryable, movementIds: readonly string[]): Promise<ApprovalRequestRow[]> {
  return db.query(
    'findApprovalRequestsByMovementIds',
    `SELECT ${COLUMNS} FROM approvals.approval_request r WHERE r.movement_id = ANY($1::bigint[])`,
    [movementIds],
  );
}

/** Open (pending or escalated) approval requests about these assets, oldest first: one statement for any number of assets. */
export function listPendingApprovalRequestsOfAssets(db: Queryable, assetIds: readonly string[]): Promise<ApprovalRequestRow[]> {
  return db.query(
    'listPendingApprovalRequestsOfAssets',
    `SELECT ${COLUMNS} FROM approvals.approval_request r
     WHERE r.asset_id = ANY($1::bigint[]) AND r.status IN ('PENDING', 'ESCALATED')
     ORDER BY r.asset_id, r.id`,
    [assetIds],
  );
}

/** One page of approval requests, oldest first, after the id `afterId`. */
export function listApprovalRequests(
  db: Queryable,
  filter: ApprovalRequestFilter,
  limit: number,
  afterId: string | null,
): Promise<ApprovalRequestRow[]> {
  return db.query(
    'listApprovalRequests',
    `SELECT ${COLUMNS} FROM approvals.approval_request r
     WHERE ${FILTER} AND ($11::bigint IS NULL OR r.id > $11)
     ORDER BY r.id
     LIMIT $12`,
    [...filterValues(filter), afterId, limit],
  );
}

/** How many approval requests match `filter`. */
export async function countApprovalRequests(db: Queryable, filter: ApprovalRequestFilter): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    'countApprovalRequests',
    `SELECT count(*)::int AS count FROM approvals.approval_request r WHERE ${FILTER}`,
    filterValues(filter),
  );
  return row?.count ?? 0;
}

/** One request, locked until the transaction ends: decisions, cancellations and the deadline worker take turns on it. */
export async function lockApprovalRequest(tx: Queryable, id: string): Promise<ApprovalRequestRow | null> {
  const [row] = await tx.query<ApprovalRequestRow>(
    'lockApprovalRequest',
    `SELECT ${COLUMNS} FROM approvals.approval_request r WHERE r.id = $1 FOR UPDATE`,
    [id],
  );
  return row ?? null;
}

/**
 * Inserts a request and returns it; null when the movement already has one
 * (a repeated event), so a movement never gets two requests.
 */
export async function insertApprovalRequest(tx: Queryable, request: NewApprovalRequest): Promise<ApprovalRequestRow | null> {
  const [row] = await tx.query<ApprovalRequestRow>(
    'insertApprovalRequest',
    `INSERT INTO approvals.approval_request AS r
       (kind, asset_id, movement_id, action, action_input, policy_id, title, reason, value, confidence_score, triggers,
        required_levels, requested_by, due_at, expires_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (movement_id) WHERE movement_id IS NOT NULL DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      request.kind,
      request.assetId,
      request.movementId,
      request.action,
      request.actionInput === null ? null : JSON.stringify(request.actionInput),
      request.policyId,
      request.title,
      request.reason,
      request.value,
      request.confidenceScore,
      request.triggers,
      request.requiredLevels,
      request.requestedBy,
      request.dueAt,
      request.expiresAt,
    ],
  );
  return row ?? null;
}

export interface RequestTransition {
  readonly id: string;
  /** The state the caller saw while holding the row lock; the update applies only if it still holds. */
  readonly fromStatus: ApprovalStatus;
  readonly fromLevel: number;
  readonly status: ApprovalStatus;
  readonly currentLevel: number;
  readonly dueAt: Date | null;
  readonly escalatedAt: Date | null;
  readonly decidedAt: Date | null;
}

/**
 * Moves a request to its next state, only if it is still in the state the
 * caller read (`id`, status, level): a second writer that slipped past the
 * row lock changes nothing. Returns the new row, or null when nothing changed.
 */
export async function transitionApprovalRequest(tx: Queryable, transition: RequestTransition): Promise<ApprovalRequestRow | null> {
  const [row] = await tx.query<ApprovalRequestRow>(
    'transitionApprovalRequest',
    `UPDATE approvals.approval_request r
     SET status = $4, current_level = $5, due_at = $6, escalated_at = $7, decided_at = $8, updated_at = now()
     WHERE r.id = $1 AND r.status = $2 AND r.current_level = $3
     RETURNING ${COLUMNS}`,
    [
      transition.id,
      transition.fromStatus,
      transition.fromLevel,
      transition.status,
      transition.currentLevel,
      transition.dueAt,
      transition.escalatedAt,
      transition.decidedAt,
    ],
  );
  return row ?? null;
}

/**
 * Open requests past their final deadline, locked for this transaction;
 * rows another process holds are skipped, so several workers share the work.
 */
export function lockExpiredApprovalRequests(tx: Queryable, now: Date, limit: number): Promise<ApprovalRequestRow[]> {
  return tx.query(
    'lockExpiredApprovalRequests',
    `SELECT ${COLUMNS} FROM approvals.approval_request r
     WHERE r.status IN ('PENDING', 'ESCALATED') AND r.expires_at <= $1
     ORDER BY r.expires_at, r.id
     LIMIT $2
     FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
}

/**
 * Pending requests past their level's due time whose level has an
 * escalation target, locked for this transaction (rows held elsewhere are skipped).
 */
export function lockOverdueEscalatableRequests(tx: Queryable, now: Date, limit: number): Promise<ApprovalRequestRow[]> {
  return tx.query(
    'lockOverdueEscalatableRequests',
    `SELECT ${COLUMNS} FROM approvals.approval_request r
     WHERE r.status = 'PENDING' AND r.due_at <= $1
       AND EXISTS (
         SELECT 1 FROM approvals.request_level l
         WHERE l.request_id = r.id AND l.level = r.current_level
           AND (l.escalate_to_role IS NOT NULL OR cardinality(l.escalate_to) > 0))
     ORDER BY r.due_at, r.id
     LIMIT $2
     FOR UPDATE OF r SKIP LOCKED`,
    [now, limit],
  );
}
