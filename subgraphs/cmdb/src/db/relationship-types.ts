import type { Queryable } from '@inventory/platform';

export type ImpactFlow = 'TARGET_TO_SOURCE' | 'SOURCE_TO_TARGET' | 'BOTH';

/** A `cmdb.relationship_type` row as the resolvers see it. */
export interface RelationshipTypeRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly reverseName: string;
  readonly description: string | null;
  readonly propagatesImpact: boolean;
  readonly impactFlow: ImpactFlow;
}

/** One (source type, target type) pair a relationship type allows. */
export interface CiTypePairRow {
  readonly relationshipTypeId: string;
  readonly sourceTypeId: string;
  readonly targetTypeId: string;
}

const COLUMNS = `rt.id, rt.code, rt.name, rt.reverse_name AS "reverseName", rt.description,
  rt.propagates_impact AS "propagatesImpact", rt.impact_flow AS "impactFlow"`;

/** Every relationship type, ordered by code. */
export function listRelationshipTypes(db: Queryable): Promise<RelationshipTypeRow[]> {
  return db.query('listRelationshipTypes', `SELECT ${COLUMNS} FROM cmdb.relationship_type rt ORDER BY rt.code`);
}

/** Relationship types with these codes, in no particular order. */
export function findRelationshipTypesByCodes(db: Queryable, codes: readonly string[]): Promise<RelationshipTypeRow[]> {
  return db.query(
    'findRelationshipTypesByCodes',
    `SELECT ${COLUMNS} FROM cmdb.relationship_type rt WHERE rt.code = ANY($1::text[])`,
    [codes],
  );
}

/** The allowed type pairs of these relationship types. */
export function findCiTypePairsByRelationshipTypeIds(db: Queryable, ids: readonly string[]): Promise<CiTypePairRow[]> {
  return db.query(
    'findCiTypePairsByRelationshipTypeIds',
    `SELECT r.relationship_type_id AS "relationshipTypeId", r.source_type_id AS "sourceTypeId", r.target_type_id AS "targetTypeId"
     FROM cmdb.relationship_type_rule r
     JOIN cmdb.ci_type s ON s.id = r.source_type_id
     JOIN cmdb.ci_type t ON t.id = r.target_type_id
     WHERE r.relationship_type_id = ANY($1::bigint[])
     ORDER BY r.relationship_type_id, s.code, t.code`,
    [ids],
  );
}

/** Inserts a relationship type; raises 23505 on `relationship_type_code_key`. */
export async function insertRelationshipType(tx: Queryable, input: Omit<RelationshipTypeRow, 'id'>): Promise<RelationshipTypeRow> {
  const [row] = await tx.query<RelationshipTypeRow>(
    'insertRelationshipType',
    `INSERT INTO cmdb.relationship_type AS rt (code, name, reverse_name, description, propagates_impact, impact_flow)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [input.code, input.name, input.reverseName, input.description, input.propagatesImpact, input.impactFlow],
  );
  return row!;
}

/** Inserts the allowed pairs of a relationship type (duplicates collapse). */
export async function insertCiTypePairs(
  tx: Queryable,
  relationshipTypeId: string,
  pairs: readonly { sourceTypeId: string; targetTypeId: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  await tx.query(
    'insertCiTypePairs',
    `INSERT INTO cmdb.relationship_type_rule (relationship_type_id, source_type_id, target_type_id)
     SELECT $1, s, t FROM unnest($2::bigint[], $3::bigint[]) AS p(s, t)
     ON CONFLICT DO NOTHING`,
    [relationshipTypeId, pairs.map((pair) => pair.sourceTypeId), pairs.map((pair) => pair.targetTypeId)],
  );
}
