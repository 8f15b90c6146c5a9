import type { Queryable } from '@inventory/platform';
import type { FieldType } from '../domain/attributes.ts';
import type { NormalizedAttributeDefinition } from '../domain/attribute-definitions.ts';

/** A `cmdb.ci_type_version` row as the resolvers see it. */
export interface CiTypeVersionRow {
  readonly id: string;
  readonly ciTypeId: string;
  readonly version: number;
  readonly status: 'DRAFT' | 'ACTIVE' | 'RETIRED';
  readonly createdAt: Date;
  readonly publishedAt: Date | null;
  readonly retiredAt: Date | null;
}

/** A `cmdb.attribute_definition` row, numbers as JavaScript numbers. */
export interface AttributeDefinitionRow extends NormalizedAttributeDefinition {
  readonly versionId: string;
  readonly fieldType: FieldType;
}

const COLUMNS = `v.id, v.ci_type_id AS "ciTypeId", v.version, v.status, v.created_at AS "createdAt",
  v.published_at AS "publishedAt", v.retired_at AS "retiredAt"`;

/** Versions with these ids, in no particular order. */
export function findCiTypeVersionsByIds(db: Queryable, ids: readonly string[]): Promise<CiTypeVersionRow[]> {
  return db.query('findCiTypeVersionsByIds', `SELECT ${COLUMNS} FROM cmdb.ci_type_version v WHERE v.id = ANY($1::bigint[])`, [ids]);
}

/** Every version of these types, newest first within a type. */
export function findCiTypeVersionsByTypeIds(db: Queryable, typeIds: readonly string[]): Promise<CiTypeVersionRow[]> {
  return db.query(
    'findCiTypeVersionsByTypeIds',
    `SELECT ${COLUMNS} FROM cmdb.ci_type_version v WHERE v.ci_type_id = ANY($1::bigint[]) ORDER BY v.ci_type_id, v.version DESC`,
    [typeIds],
  );
}

/** The ACTIVE version of each of these types that has one. */
export function findActiveCiTypeVersionsByTypeIds(db: Queryable, typeIds: readonly string[]): Promise<CiTypeVersionRow[]> {
  return db.query(
    'findActiveCiTypeVersionsByTypeIds',
    `SELECT ${COLUMNS} FROM cmdb.ci_type_version v WHERE v.ci_type_id = ANY($1::bigint[]) AND v.status = 'ACTIVE'`,
    [typeIds],
  );
}

/** One version, locked until the transaction ends. */
export async function lockCiTypeVersion(tx: Queryable, id: string): Promise<CiTypeVersionRow | null> {
  const [row] = await tx.query<CiTypeVersionRow>(
    'lockCiTypeVersion',
    `SELECT ${COLUMNS} FROM cmdb.ci_type_version v WHERE v.id = $1 FOR UPDATE`,
    [id],
  );
  return row ?? null;
}

/** Inserts the next version (latest number + 1) of a type as a DRAFT. Call with the type locked. */
export async function insertNextCiTypeVersion(tx: Queryable, ciTypeId: string): Promise<CiTypeVersionRow> {
  const [row] = await tx.query<CiTypeVersionRow>(
    'insertNextCiTypeVersion',
    `INSERT INTO cmdb.ci_type_version AS v (ci_type_id, version)
     SELECT $1, coalesce(max(x.version), 0) + 1 FROM cmdb.ci_type_version x WHERE x.ci_type_id = $1
     RETURNING ${COLUMNS}`,
    [ciTypeId],
  );
  return row!;
}

/** Retires the ACTIVE version of a type, if any; returns it as it was. */
export async function retireActiveCiTypeVersion(tx: Queryable, ciTypeId: string): Promise<CiTypeVersionRow | null> {
  const [row] = await tx.query<CiTypeVersionRow>(
    'retireActiveCiTypeVersion',
    `UPDATE cmdb.ci_type_version AS v SET status = 'RETIRED', retired_at = now()
     WHERE v.ci_type_id = $1 AND v.status = 'ACTIVE'
     RETURNING ${COLUMNS}`,
    [ciTypeId],
  );
  return row ?? null;
}

/** Makes a version ACTIVE. */
export async function activateCiTypeVersion(tx: Queryable, id: string): Promise<CiTypeVersionRow> {
  const [row] = await tx.query<CiTypeVersionRow>(
    'activateCiTypeVersion',
    `UPDATE cmdb.ci_type_version AS v SET status = 'ACTIVE', published_at = now() WHERE v.id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return row!;
}

const DEFINITION_COLUMNS = `d.ci_type_version_id AS "versionId", d.key, d.label, d.field_type AS "fieldType", d.required,
  d.pattern, d.min_length AS "minLength", d.max_length AS "maxLength",
  d.min_value::float8 AS "minValue", d.max_value::float8 AS "maxValue",
  d.enum_values AS "enumValues", d.default_value AS "defaultValue", d.help_text AS "helpText", d.sort_order AS "order"`;

/** The attribute definitions of these versions, in display order within a version. */
export function findAttributeDefinitionsByVersionIds(db: Queryable, versionIds: readonly string[]): Promise<AttributeDefinitionRow[]> {
  return db.query(
    'findAttributeDefinitionsByVersionIds',
    `SELECT ${DEFINITION_COLUMNS} FROM cmdb.attribute_definition d
     WHERE d.ci_type_version_id = ANY($1::bigint[])
     ORDER BY d.ci_type_version_id, d.sort_order, d.key`,
    [versionIds],
  );
}

/** Removes every attribute definition of a (draft) version. */
export async function deleteAttributeDefinitions(tx: Queryable, versionId: string): Promise<void> {
  await tx.query('deleteAttributeDefinitions', `DELETE FROM cmdb.attribute_definition WHERE ci_type_version_id = $1`, [versionId]);
}

/** Inserts a version's attribute definitions in one statement. */
export async function insertAttributeDefinitions(
  tx: Queryable,
  versionId: string,
  definitions: readonly NormalizedAttributeDefinition[],
): Promise<void> {
  if (definitions.length === 0) return;
  await tx.query(
    'insertAttributeDefinitions',
    `INSERT INTO cmdb.attribute_definition
       (ci_type_version_id, key, label, field_type, required, pattern, min_length, max_length, min_value, max_value,
        enum_values, default_value, help_text, sort_order)
     SELECT $1, d.key, d.label, d."fieldType", d.required, d.pattern, d."minLength", d."maxLength", d."minValue", d."maxValue",
            (SELECT array_agg(e) FROM jsonb_array_elements_text(d."enumValues") AS e), d."defaultValue", d."helpText", d."order"
     FROM jsonb_to_recordset($2::jsonb) AS d(key text, label text, "fieldType" text, required boolean, pattern text,
       "minLength" int, "maxLength" int, "minValue" numeric, "maxValue" numeric, "enumValues" jsonb, "defaultValue" jsonb,
       "helpText" text, "order" int)`,
    [versionId, JSON.stringify(definitions)],
  );
}
