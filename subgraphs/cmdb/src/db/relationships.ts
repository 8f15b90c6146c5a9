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
    `SELECT side."relationshipId", side."ciId", side.type, side.name, side.direction, side."targetId", side.since
     FROM (
       SELECT r.id AS "relationshipId", r.source_id AS "ciId", rt.code AS type, rt.name, 'OUTGOING' AS direction,
              r.target_id AS "targetId", r.since
       FROM cmdb.relationship r
       JOIN cmdb.relationship_type rt ON rt.id = r.type_id
       WHERE r.source_id = ANY($1::bigint[]) AND r.status = 'ACTIVE'
       UNION ALL
       SELECT r.id AS "relationshipId", r.target_id AS "ciId", rt.code AS type, rt.reverse_name AS name, 'INCOMING' AS direction,
              r.source_id AS "targetId", r.since
       FROM cmdb.relationship r
       JOIN cmdb.relationship_type rt ON rt.id = r.type_id
       WHERE r.target_id = ANY($2::bigint[]) AND r.status = 'ACTIVE'
     ) AS side
     JOIN cmdb.configuration_item other ON other.id = side."targetId"
     ORDER BY side.type, other.code, side."relationshipId"`,
    [sourceIds, targetIds],
  );
}
