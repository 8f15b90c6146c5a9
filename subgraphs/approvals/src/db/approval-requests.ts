import type { Queryable } from '@inventory/platform';

/** An `approvals.approval_request` row as the resolvers see it. */
export interface ApprovalRequestRow {
  readonly id: string;
  readonly kind: 'STOCK_MOVEMENT' | 'ASSET_ACTION';
  readonly status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED';
  readonly assetId: string | null;
  readonly movementId: string | null;
  readonly title: string;
  readonly currentLevel: number;
  readonly requiredLevels: number;
  readonly requestedBy: string;
  readonly createdAt: Date;
  readonly dueAt: Date | null;
  readonly decidedAt: Date | null;
}

export interface ApprovalRequestFilter {
  readonly status?: readonly string[] | null;
  readonly kind?: readonly string[] | null;
  readonly assetId?: string | null;
}

const COLUMNS = `
  r.id, r.kind, r.status, r.asset_id AS "assetId", r.movement_id AS "movementId", r.title,
  r.current_level AS "currentLevel", r.required_levels AS "requiredLevels", r.requested_by AS "requestedBy",
  r.created_at AS "createdAt", r.due_at AS "dueAt", r.decided_at AS "decidedAt"`;

const FILTER = `
  ($1::text[] IS NULL OR r.status = ANY($1))
  AND ($2::text[] IS NULL OR r.kind = ANY($2))
  AND ($3::bigint IS NULL OR r.asset_id = $3)`;

const filterValues = (filter: ApprovalRequestFilter) => [filter.status ?? null, filter.kind ?? null, filter.assetId ?? null];

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

/** Pending approval requests about these assets, oldest first: one statement for any number of assets. */
export function listPendingApprovalRequestsOfAssets(db: Queryable, assetIds: readonly string[]): Promise<ApprovalRequestRow[]> {
  return db.query(
    'listPendingApprovalRequestsOfAssets',
    `SELECT ${COLUMNS} FROM approvals.approval_request r
     WHERE r.asset_id = ANY($1::bigint[]) AND r.status = 'PENDING'
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
     WHERE ${FILTER} AND ($4::bigint IS NULL OR r.id > $4)
     ORDER BY r.id
     LIMIT $5`,
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
