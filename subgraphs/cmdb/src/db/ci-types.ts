import type { Queryable } from '@inventory/platform';

/** A `cmdb.ci_type` row as the resolvers see it. */
export interface CiTypeRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly description: string | null;
}

/** CI types with these ids, in no particular order. */
export function findCiTypesByIds(db: Queryable, ids: readonly string[]): Promise<CiTypeRow[]> {
  return db.query(
    'findCiTypesByIds',
    `SELECT t.id, t.code, t.name, t.description FROM cmdb.ci_type t WHERE t.id = ANY($1::bigint[])`,
    [ids],
  );
}
