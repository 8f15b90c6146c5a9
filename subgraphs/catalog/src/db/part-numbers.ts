import type { Queryable } from '@inventory/platform';

/** A `catalog.part_number` row as the resolvers see it. */
export interface PartNumberRow {
  readonly id: string;
  readonly code: string;
  readonly description: string;
  readonly unitOfMeasure: string;
  readonly category: string | null;
  readonly manufacturer: string | null;
  readonly reorderPoint: string;
  readonly serialized: boolean;
  readonly active: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface PartNumberFilter {
  readonly category?: string | null;
  readonly active?: boolean | null;
  readonly serialized?: boolean | null;
}

const COLUMNS = `
  p.id, p.code, p.description, p.unit_of_measure AS "unitOfMeasure", p.category, p.manufacturer,
  p.reorder_point AS "reorderPoint", p.serialized, p.active, p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

const FILTER = `
  ($1::text IS NULL OR p.category = $1)
  AND ($2::boolean IS NULL OR p.active = $2)
  AND ($3::boolean IS NULL OR p.serialized = $3)`;

const filterValues = (filter: PartNumberFilter) => [filter.category ?? null, filter.active ?? null, filter.serialized ?? null];

/** Part numbers with these ids, in no particular order. */
export function findPartNumbersByIds(db: Queryable, ids: readonly string[]): Promise<PartNumberRow[]> {
  return db.query('findPartNumbersByIds', `SELECT ${COLUMNS} FROM catalog.part_number p WHERE p.id = ANY($1::bigint[])`, [ids]);
}

/** Part numbers with these codes, in no particular order. */
export function findPartNumbersByCodes(db: Queryable, codes: readonly string[]): Promise<PartNumberRow[]> {
  return db.query('findPartNumbersByCodes', `SELECT ${COLUMNS} FROM catalog.part_number p WHERE p.code = ANY($1::text[])`, [codes]);
}

/** One page of part numbers ordered by code, after the code `afterCode`. */
export function listPartNumbers(
  db: Queryable,
  filter: PartNumberFilter,
  limit: number,
  afterCode: string | null,
): Promise<PartNumberRow[]> {
  return db.query(
    'listPartNumbers',
    `SELECT ${COLUMNS} FROM catalog.part_number p
     WHERE ${FILTER} AND ($4::text IS NULL OR p.code > $4)
     ORDER BY p.code
     LIMIT $5`,
    [...filterValues(filter), afterCode, limit],
  );
}

/** How many part numbers match `filter`. */
export async function countPartNumbers(db: Queryable, filter: PartNumberFilter): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    'countPartNumbers',
    `SELECT count(*)::int AS count FROM catalog.part_number p WHERE ${FILTER}`,
    filterValues(filter),
  );
  return row?.count ?? 0;
}
