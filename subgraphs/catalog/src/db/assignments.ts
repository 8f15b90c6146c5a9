import type { Queryable } from '@inventory/platform';

/** A `catalog.asset_assignment` row as the resolvers see it. */
export interface AssetAssignmentRow {
  readonly id: string;
  readonly assetId: string;
  readonly assigneeType: 'PERSON' | 'DEPARTMENT' | 'SYSTEM';
  readonly assigneeId: string;
  readonly assigneeName: string | null;
  readonly note: string | null;
  readonly assignedAt: Date;
  readonly assignedBy: string;
  readonly returnedAt: Date | null;
  readonly returnedBy: string | null;
  readonly returnNote: string | null;
}

const COLUMNS = `
  g.id, g.asset_id AS "assetId", g.assignee_type AS "assigneeType", g.assignee_id AS "assigneeId", g.assignee_name AS "assigneeName",
  g.note, g.assigned_at AS "assignedAt", g.assigned_by AS "assignedBy", g.returned_at AS "returnedAt", g.returned_by AS "returnedBy",
  g.return_note AS "returnNote"`;

/** The open assignment of each of these assets that has one. */
export function findOpenAssignmentsOfAssets(db: Queryable, assetIds: readonly string[]): Promise<AssetAssignmentRow[]> {
  return db.query(
    'findOpenAssignmentsOfAssets',
    `SELECT ${COLUMNS} FROM catalog.asset_assignment g WHERE g.asset_id = ANY($1::bigint[]) AND g.returned_at IS NULL`,
    [assetIds],
  );
}

/** Up to `limit` newest assignments of each asset, before the id `beforeId`. */
export function listAssignmentsOfAssets(db: Queryable, assetIds: readonly string[], limit: number, beforeId: string | null): Promise<AssetAssignmentRow[]> {
  return db.query(
    'listAssignmentsOfAssets',
    `SELECT page.* FROM unnest($1::bigint[]) AS parent(id)
     CROSS JOIN LATERAL (
       SELECT ${COLUMNS} FROM catalog.asset_assignment g
       WHERE g.asset_id = parent.id AND ($2::bigint IS NULL OR g.id < $2)
       ORDER BY g.id DESC LIMIT $3
     ) AS page`,
    [assetIds, beforeId, limit],
  );
}

/** Number of assignments of each asset that has any. */
export function countAssignmentsOfAssets(db: Queryable, assetIds: readonly string[]): Promise<{ assetId: string; count: number }[]> {
  return db.query(
    'countAssignmentsOfAssets',
    `SELECT g.asset_id AS "assetId", count(*)::int AS count FROM catalog.asset_assignment g
     WHERE g.asset_id = ANY($1::bigint[]) GROUP BY g.asset_id`,
    [assetIds],
  );
}

/** Opens an assignment. */
export async function insertAssignment(
  tx: Queryable,
  assetId: string,
  values: { assigneeType: string; assigneeId: string; assigneeName: string | null; note: string | null },
  actor: string,
): Promise<AssetAssignmentRow> {
  const [row] = await tx.query<AssetAssignmentRow>(
    'insertAssignment',
    `INSERT INTO catalog.asset_assignment AS g (asset_id, assignee_type, assignee_id, assignee_name, note, assigned_at, assigned_by)
     VALUES ($1, $2, $3, $4, $5, clock_timestamp(), $6) RETURNING ${COLUMNS}`,
    [assetId, values.assigneeType, values.assigneeId, values.assigneeName, values.note, actor],
  );
  return row!;
}

/** Closes the asset's open assignment, if any, and returns it. */
export async function closeOpenAssignment(tx: Queryable, assetId: string, note: string | null, actor: string): Promise<AssetAssignmentRow | null> {
  const [row] = await tx.query<AssetAssignmentRow>(
    'closeOpenAssignment',
    `UPDATE catalog.asset_assignment g SET returned_at = clock_timestamp(), returned_by = $2, return_note = $3
     WHERE g.asset_id = $1 AND g.returned_at IS NULL RETURNING ${COLUMNS}`,
    [assetId, actor, note],
  );
  return row ?? null;
}
