import type { Queryable } from '@inventory/platform';

/** A `cmdb.ci_type` row as the resolvers see it. */
export interface CiTypeRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly description: string | null;
  readonly createdAt: Date;
}

const COLUMNS = `t.id, t.code, t.name, t.description, t.created_at AS "createdAt"`;

/** CI types with these ids, in no particular order. */
export function findCiTypesByIds(db: Queryable, ids: readonly string[]): Promise<CiTypeRow[]> {
  return db.query('findCiTypesByIds', `SELECT ${COLUMNS} FROM cmdb.ci_type t WHERE t.id = ANY($1::bigint[])`, [ids]);
}

/** CI types with these codes, in no particular order. */
export function findCiTypesByCodes(db: Queryable, codes: readonly string[]): Promise<CiTypeRow[]> {
  return db.query('findCiTypesByCodes', `SELECT ${COLUMNS} FROM cmdb.ci_type t WHERE t.code = ANY($1::text[])`, [codes]);
}

/** Every CI type, ordered by code. */
export function listCiTypes(db: Queryable): Promise<CiTypeRow[]> {
  return db.query('listCiTypes', `SELECT ${COLUMNS} FROM cmdb.ci_type t ORDER BY t.code`);
}

/** Inserts a CI type; raises 23505 on `ci_type_code_key`. */
export async function insertCiType(
  tx: Queryable,
  input: { code: string; name: string; description: string | null },
): Promise<CiTypeRow> {
  const [row] = await tx.query<CiTypeRow>(
    'insertCiType',
    `INSERT INTO cmdb.ci_type AS t (code, name, description) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
    [input.code, input.name, input.description],
  );
  return row!;
}

/** Locks a CI type row so its versions are numbered and published one at a time. */
export async function lockCiType(tx: Queryable, id: string): Promise<CiTypeRow | null> {
  const [row] = await tx.query<CiTypeRow>('lockCiType', `SELECT ${COLUMNS} FROM cmdb.ci_type t WHERE t.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}
