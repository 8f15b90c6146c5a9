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
 * and the other way upstream; BOTH walks either way. The walk is breadth
 * first and never enters an item twice: each reached item is reported once,
 * at its smallest depth up to `maxDepth`, with the first of its shortest
 * paths (the smallest sequence of ids, level by level) and, where several
 * links join the last two items of that path, the smallest type code among
 * them. The analysed item itself is never reported. Ordered by analysed item,
 * depth, then item code.
 *
 * Cost: each level is one step of the recursion per analysed item, so the
 * work grows with the links of the items reached, never with the number of
 * distinct paths; `maxDepth` bounds the number of steps.
 */
export function findImpact(db: Queryable, query: ImpactQuery): Promise<ImpactRow[]> {
  // Flows walked from target to source, and from source to target, for this direction.
  const againstLink = query.direction === 'DOWNSTREAM' ? ['TARGET_TO_SOURCE', 'BOTH'] : ['SOURCE_TO_TARGET', 'BOTH'];
  const alongLink = query.direction === 'DOWNSTREAM' ? ['SOURCE_TO_TARGET', 'BOTH'] : ['TARGET_TO_SOURCE', 'BOTH'];
  return db.query(
    'findImpact',
    `WITH RECURSIVE
     followed AS (
       SELECT rt.id, rt.code, rt.impact_flow FROM cmdb.relationship_type rt
       WHERE rt.propagates_impact AND ($4::text[] IS NULL OR rt.code = ANY($4::text[]))
     ),
     -- One row per analysed item and level: the items first reached at that level, in path order
     -- (parent's position, then id), each with the item it was reached from and that link's type,
     -- and every item reached so far, which no later level enters again.
     level (root_id, depth, ci_ids, parent_ids, type_ids, seen) AS (
       SELECT root.id, 0, ARRAY[root.id], ARRAY[NULL::bigint], ARRAY[NULL::bigint], ARRAY[root.id]
       FROM unnest($1::bigint[]) AS root (id)
       UNION ALL
       SELECT l.root_id, l.depth + 1, nxt.ci_ids, nxt.parent_ids, nxt.type_ids, l.seen || nxt.ci_ids
       FROM level l
       CROSS JOIN LATERAL (
         SELECT array_agg(best.next_id ORDER BY best.rank, best.next_id) AS ci_ids,
                array_agg(best.parent_id ORDER BY best.rank, best.next_id) AS parent_ids,
                array_agg(best.type_id ORDER BY best.rank, best.next_id) AS type_ids
         FROM (
           -- Each new item once: from the first item of the level before, by the smallest type code.
           SELECT DISTINCT ON (step.next_id) step.next_id, here.rank, here.id AS parent_id, step.type_id
           FROM unnest(l.ci_ids) WITH ORDINALITY AS here (id, rank)
           CROSS JOIN LATERAL (
             SELECT r.source_id AS next_id, r.type_id FROM cmdb.relationship r
             WHERE r.target_id = here.id AND r.status = 'ACTIVE'
               AND r.type_id = ANY (ARRAY(SELECT f.id FROM followed f WHERE f.impact_flow = ANY($2::text[])))
             UNION ALL
             SELECT r.target_id, r.type_id FROM cmdb.relationship r
             WHERE r.source_id = here.id AND r.status = 'ACTIVE'
               AND r.type_id = ANY (ARRAY(SELECT f.id FROM followed f WHERE f.impact_flow = ANY($3::text[])))
           ) AS step
           JOIN followed f ON f.id = step.type_id
           WHERE NOT EXISTS (SELECT FROM unnest(l.seen) AS seen (id) WHERE seen.id = step.next_id)
           ORDER BY step.next_id, here.rank, f.code
         ) AS best
       ) AS nxt
       WHERE l.depth < $5 AND nxt.ci_ids IS NOT NULL
     ),
     reached AS (
       SELECT l.root_id, l.depth, item.ci_id, item.parent_id, item.type_id
       FROM level l
       CROSS JOIN LATERAL unnest(l.ci_ids, l.parent_ids, l.type_ids) AS item (ci_id, parent_id, type_id)
       WHERE l.depth > 0
     ),
     -- Paths rebuilt from the parents, one level at a time.
     traced (root_id, ci_id, depth, path, type_id) AS (
       SELECT r.root_id, r.ci_id, r.depth, ARRAY[r.root_id, r.ci_id], r.type_id FROM reached r WHERE r.depth = 1
       UNION ALL
       SELECT r.root_id, r.ci_id, r.depth, t.path || r.ci_id, r.type_id
       FROM traced t
       JOIN reached r ON r.root_id = t.root_id AND r.depth = t.depth + 1 AND r.parent_id = t.ci_id
     )
     SELECT t.root_id AS "rootId", t.ci_id AS "ciId", t.depth, t.path::text[] AS path, rt.code AS "viaType"
     FROM traced t
     JOIN cmdb.relationship_type rt ON rt.id = t.type_id
     JOIN cmdb.configuration_item c ON c.id = t.ci_id
     ORDER BY t.root_id, t.depth, c.code`,
    [query.rootIds, againstLink, alongLink, query.types, query.maxDepth],
  );
}
