import type { Queryable } from '@inventory/platform';

/** One item reached by impact analysis from one analysed item. */
export interface ImpactRow {
  readonly rootId: string;
  readonly ciId: string;
  readonly depth: number;
  /** Item ids from the analysed item to this one, both included. */
  readonly path: string[];
  readonly viaType: string;
}

export interface ImpactQuery {
  readonly rootIds: readonly string[];
  readonly direction: 'DOWNSTREAM' | 'UPSTREAM';
  readonly maxDepth: number;
  /** Relationship type codes to follow; null for every impact-propagating type. */
  readonly types: readonly string[] | null;
}

/**
 * Impact analysis for several items in one recursive statement. From each
 * analysed item it walks active links of impact-propagating types the way a
 * failure travels (DOWNSTREAM) or against it (UPSTREAM): a link whose type
 * flows TARGET_TO_SOURCE is walked from its target to its source downstream,
 * and the other way upstream; BOTH walks either way. Each walk carries its
 * path and never revisits an item on it (cycles end there) nor goes past
 * `maxDepth`. Every reached item is reported once, at its shortest depth,
 * through the smallest path (by ids) of that depth; ordered by analysed item,
 * depth, then item code.
 *
 * Caveat: the walk enumerates simple paths, so its cost grows with the number
 * of distinct paths up to `maxDepth`, not only with the items reached; the
 * depth cap is what keeps it bounded.
 */
export function findImpact(db: Queryable, query: ImpactQuery): Promise<ImpactRow[]> {
  // Flows walked from target to source, and from source to target, for this direction.
  const againstLink = query.direction === 'DOWNSTREAM' ? ['TARGET_TO_SOURCE', 'BOTH'] : ['SOURCE_TO_TARGET', 'BOTH'];
  const alongLink = query.direction === 'DOWNSTREAM' ? ['SOURCE_TO_TARGET', 'BOTH'] : ['TARGET_TO_SOURCE', 'BOTH'];
  return db.query(
    'findImpact',
    `WITH RECURSIVE
     followed AS (
       SELECT rt.id, rt.impact_flow FROM cmdb.relationship_type rt
       WHERE rt.propagates_impact AND ($4::text[] IS NULL OR rt.code = ANY($4::text[]))
     ),
     walk (root_id, ci_id, depth, path, via_type_id) AS (
       SELECT root.id, root.id, 0, ARRAY[root.id], NULL::bigint
       FROM unnest($1::bigint[]) AS root (id)
       UNION ALL
       SELECT w.root_id, step.next_id, w.depth + 1, w.path || step.next_id, step.type_id
       FROM walk w
       CROSS JOIN LATERAL (
         SELECT r.source_id AS next_id, r.type_id FROM cmdb.relationship r
         WHERE r.target_id = w.ci_id AND r.status = 'ACTIVE'
           AND r.type_id = ANY (ARRAY(SELECT f.id FROM followed f WHERE f.impact_flow = ANY($2::text[])))
         UNION ALL
         SELECT r.target_id, r.type_id FROM cmdb.relationship r
         WHERE r.source_id = w.ci_id AND r.status = 'ACTIVE'
           AND r.type_id = ANY (ARRAY(SELECT f.id FROM followed f WHERE f.impact_flow = ANY($3::text[])))
       ) AS step
       WHERE w.depth < $5 AND step.next_id <> ALL (w.path)
     ),
     nearest AS (
       SELECT DISTINCT ON (w.root_id, w.ci_id) w.root_id, w.ci_id, w.depth, w.path, rt.code AS via_type
       FROM walk w
       JOIN cmdb.relationship_type rt ON rt.id = w.via_type_id
       WHERE w.depth > 0
       ORDER BY w.root_id, w.ci_id, w.depth, w.path, rt.code
     )
     SELECT n.root_id AS "rootId", n.ci_id AS "ciId", n.depth, n.path::text[] AS path, n.via_type AS "viaType"
     FROM nearest n
     JOIN cmdb.configuration_item c ON c.id = n.ci_id
     ORDER BY n.root_id, n.depth, c.code`,
    [query.rootIds, againstLink, alongLink, query.types, query.maxDepth],
  );
}
