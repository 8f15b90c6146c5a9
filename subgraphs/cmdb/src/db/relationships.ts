import type { Queryable } from '@inventory/platform';

/** An active `cmdb.relationship` as seen from one of its two configuration items. */
export interface RelationshipRow {
  /** The underlying link, the same from both ends. */
  readonly relationshipId: string;
  /** The item this relationship is seen from. */
  readonly ciId: string;
  /** Relationship type code, e.g. `DEPENDS_ON`. */
  readonly type: string;
  /** The type's name when outgoing, its reverse name when incoming. */
  readonly name: string;
  readonly direction: 'OUTGOING' | 'INCOMING';
  /** The item at the other end. */
  readonly targetId: string;
  readonly since: string;
  readonly status: 'ACTIVE' | 'RETIRED';
  readonly note: string | null;
}

/**
 * Active relationships leaving `sourceIds` (OUTGOING) and arriving at
 * `targetIds` (INCOMING), each as seen from that item: one statement for any
 * number of items. Ordered by type code, then the other end's code, then the link's id.
 */
export function findActiveRelationshipsOfConfigurationItems(
  db: Queryable,
  sourceIds: readonly string[],
  targetIds: readonly string[],
): Promise<RelationshipRow[]> {
  return db.query(
    'findActiveRelationshipsOfConfigurationItems',
    `SELECT side."relationshipId", side."ciId", side.type, side.name, side.direction, side."targetId", side.since, side.status, side.note
     FROM (
       SELECT r.id AS "relationshipId", r.source_id AS "ciId", rt.code AS type, rt.name, 'OUTGOING' AS direction,
              r.target_id AS "targetId", r.since, r.status, r.note
       FROM cmdb.relationship r
       JOIN cmdb.relationship_type rt ON rt.id = r.type_id
       WHERE r.source_id = ANY($1::bigint[]) AND r.status = 'ACTIVE'
       UNION ALL
       SELECT r.id AS "relationshipId", r.target_id AS "ciId", rt.code AS type, rt.reverse_name AS name, 'INCOMING' AS direction,
              r.source_id AS "targetId", r.since, r.status, r.note
       FROM cmdb.relationship r
       JOIN cmdb.relationship_type rt ON rt.id = r.type_id
       WHERE r.target_id = ANY($2::bigint[]) AND r.status = 'ACTIVE'
     ) AS side
     JOIN cmdb.configuration_item other ON other.id = side."targetId"
     ORDER BY side.type, other.code, side."relationshipId"`,
    [sourceIds, targetIds],
  );
}

const OUTGOING_COLUMNS = `r.id AS "relationshipId", r.source_id AS "ciId", rt.code AS type, rt.name, 'OUTGOING' AS direction,
  r.target_id AS "targetId", r.since, r.status, r.note`;

/** A relationship by id, as seen from its source, whatever its status. */
export async function findRelationshipById(db: Queryable, id: string): Promise<RelationshipRow | null> {
  const [row] = await db.query<RelationshipRow>(
    'findRelationshipById',
    `SELECT ${OUTGOING_COLUMNS} FROM cmdb.relationship r JOIN cmdb.relationship_type rt ON rt.id = r.type_id WHERE r.id = $1`,
    [id],
  );
  return row ?? null;
}

/** Locks a relationship for a status change; returns its plain row. */
export async function lockRelationship(
  tx: Queryable,
  id: string,
): Promise<{ id: string; typeId: string; sourceId: string; targetId: string; status: 'ACTIVE' | 'RETIRED' } | null> {
  const [row] = await tx.query<{ id: string; typeId: string; sourceId: string; targetId: string; status: 'ACTIVE' | 'RETIRED' }>(
    'lockRelationship',
    `SELECT r.id, r.type_id AS "typeId", r.source_id AS "sourceId", r.target_id AS "targetId", r.status
     FROM cmdb.relationship r WHERE r.id = $1 FOR UPDATE`,
    [id],
  );
  return row ?? null;
}

/** Inserts an active relationship; raises 23505 on `relationship_unique`. Returns it as seen from its source. */
export async function insertRelationship(
  tx: Queryable,
  input: { typeId: string; sourceId: string; targetId: string; since: string | null; note: string | null },
): Promise<RelationshipRow> {
  const [row] = await tx.query<RelationshipRow>(
    'insertRelationship',
    `WITH r AS (
       INSERT INTO cmdb.relationship (type_id, source_id, target_id, since, note)
       VALUES ($1, $2, $3, coalesce($4::date, current_date), $5)
       RETURNING id, type_id, source_id, target_id, since, status, note
     )
     SELECT ${OUTGOING_COLUMNS} FROM r JOIN cmdb.relationship_type rt ON rt.id = r.type_id`,
    [input.typeId, input.sourceId, input.targetId, input.since, input.note],
  );
  return row!;
}

/** Retires one relationship. */
export async function retireRelationship(tx: Queryable, id: string): Promise<void> {
  await tx.query('retireRelationship', `UPDATE cmdb.relationship SET status = 'RETIRED', retired_at = now() WHERE id = $1`, [id]);
}

/** Retires every active relationship touching an item; returns the ids retired. */
export async function retireRelationshipsOfConfigurationItem(tx: Queryable, ciId: string): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    'retireRelationshipsOfConfigurationItem',
    `UPDATE cmdb.relationship SET status = 'RETIRED', retired_at = now()
     WHERE (source_id = $1 OR target_id = $1) AND status = 'ACTIVE'
     RETURNING id`,
    [ciId],
  );
  return rows.map((row) => row.id);
}
