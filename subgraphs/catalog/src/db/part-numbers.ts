import type { Queryable } from '@inventory/platform';
import type { TextSearch } from './search.ts';

/** The columns a create or update writes. */
export interface PartNumberValues {
  readonly code: string;
  readonly description: string;
  readonly unitOfMeasure: string;
  readonly category: string | null;
  readonly subcategory: string | null;
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly minimumStock: string;
  readonly maximumStock: string | null;
  readonly reorderPoint: string;
  readonly leadTimeDays: number | null;
  readonly costCenter: string | null;
  readonly serialized: boolean;
  readonly active: boolean;
  readonly metadata: unknown;
}

/** A `catalog.part_number` row as the resolvers see it: what was written, and what the database adds. */
export interface PartNumberRow extends PartNumberValues {
  readonly id: string;
  /** How many decimal places a quantity of the part may have: its unit's precision. */
  readonly unitDecimalPlaces: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly createdBy: string;
  readonly updatedBy: string;
  /** `updated_at` as ISO text with microseconds: the `version` of `catalog.part_number.saved`. */
  readonly version: string;
  /** Relevance to the search, in lists ordered by relevance. */
  readonly searchScore?: string;
}

export interface PartNumberFilter {
  readonly search: TextSearch | null;
  readonly category: string | null;
  readonly subcategory: string | null;
  readonly manufacturer: string | null;
  readonly active: boolean | null;
  readonly serialized: boolean | null;
}

export type PartNumberOrder = 'CODE' | 'NEWEST' | 'RELEVANCE';

const COLUMNS = `
  p.id, p.code, p.description, p.unit_of_measure AS "unitOfMeasure",
  (SELECT u.decimal_places FROM catalog.unit_of_measure u WHERE u.code = p.unit_of_measure)::int AS "unitDecimalPlaces", p.category, p.subcategory, p.manufacturer, p.model,
  p.minimum_stock AS "minimumStock", p.maximum_stock AS "maximumStock", p.reorder_point AS "reorderPoint",
  p.lead_time_days AS "leadTimeDays", p.cost_center AS "costCenter", p.serialized, p.active, p.metadata,
  p.created_at AS "createdAt", p.updated_at AS "updatedAt", p.created_by AS "createdBy", p.updated_by AS "updatedBy",
  to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS version`;

const FILTER = `
  ($1::text IS NULL OR p.search_text LIKE $1 OR p.search_vector @@ to_tsquery('simple', $2))
  AND ($3::text IS NULL OR p.category = $3)
  AND ($4::text IS NULL OR p.subcategory = $4)
  AND ($5::text IS NULL OR lower(p.manufacturer) = lower($5))
  AND ($6::boolean IS NULL OR p.active = $6)
  AND ($7::boolean IS NULL OR p.serialized = $7)`;

const filterValues = (filter: PartNumberFilter) => [
  filter.search?.pattern ?? null,
  filter.search?.tsquery ?? null,
  filter.category,
  filter.subcategory,
  filter.manufacturer,
  filter.active,
  filter.serialized,
];

// An exact code beats a code prefix beats everything else; within a tier,
// full-text rank (code weighs most) plus trigram similarity.
const SCORE = `
  CASE WHEN $1::text IS NULL THEN 0 ELSE round((
    CASE WHEN lower(p.code) = $8 THEN 3 WHEN lower(p.code) LIKE $9 THEN 2 ELSE 0 END
    + coalesce(ts_rank(p.search_vector, to_tsquery('simple', $2)), 0)
    + public.similarity(p.search_text, $8))::numeric, 6) END`;

const ORDERS: Record<PartNumberOrder, { readonly keyset: string; readonly orderBy: string }> = {
  CODE: { keyset: `p.code >= $10 AND (p.code, p.id) > ($10, $11::bigint)`, orderBy: `p.code, p.id` },
  NEWEST: { keyset: `p.id < $11::bigint`, orderBy: `p.id DESC` },
  RELEVANCE: { keyset: `(p."searchScore" < $10::numeric OR (p."searchScore" = $10::numeric AND p.id > $11::bigint))`, orderBy: `p."searchScore" DESC, p.id` },
};

/** Part numbers with these ids, in no particular order. */
export function findPartNumbersByIds(db: Queryable, ids: readonly string[]): Promise<PartNumberRow[]> {
  return db.query('findPartNumbersByIds', `SELECT ${COLUMNS} FROM catalog.part_number p WHERE p.id = ANY($1::bigint[])`, [ids]);
}

/** Part numbers with these codes, in no particular order. */
export function findPartNumbersByCodes(db: Queryable, codes: readonly string[]): Promise<PartNumberRow[]> {
  return db.query('findPartNumbersByCodes', `SELECT ${COLUMNS} FROM catalog.part_number p WHERE p.code = ANY($1::text[])`, [codes]);
}

/** One part number, locked for update until the transaction ends; null when none has this id. */
export async function lockPartNumber(tx: Queryable, id: string): Promise<PartNumberRow | null> {
  const [row] = await tx.query<PartNumberRow>('lockPartNumber', `SELECT ${COLUMNS} FROM catalog.part_number p WHERE p.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/**
 * One page of part numbers in `order`, after the keyset `after` (`[key, id]`
 * of the last row seen: code, id or relevance score).
 */
export function listPartNumbers(
  db: Queryable,
  filter: PartNumberFilter,
  order: PartNumberOrder,
  limit: number,
  after: readonly [string, string] | null,
): Promise<PartNumberRow[]> {
  const { keyset, orderBy } = ORDERS[order];
  return db.query(
    'listPartNumbers',
    `SELECT p.* FROM (
       SELECT ${COLUMNS}, ${SCORE} AS "searchScore" FROM catalog.part_number p WHERE ${FILTER}
     ) p
     WHERE ($10::text IS NULL OR ${keyset})
     ORDER BY ${orderBy}
     LIMIT $12`,
    [...filterValues(filter), filter.search?.exact ?? null, filter.search?.prefix ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
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

const VALUES = (values: PartNumberValues) => [
  values.code, values.description, values.unitOfMeasure, values.category, values.subcategory, values.manufacturer, values.model,
  values.minimumStock, values.maximumStock, values.reorderPoint, values.leadTimeDays, values.costCenter, values.serialized,
  values.active, JSON.stringify(values.metadata),
];

/** Inserts a part number and returns it. */
export async function insertPartNumber(tx: Queryable, values: PartNumberValues, actor: string): Promise<PartNumberRow> {
  const [row] = await tx.query<PartNumberRow>(
    'insertPartNumber',
    `INSERT INTO catalog.part_number AS p (code, description, unit_of_measure, category, subcategory, manufacturer, model,
       minimum_stock, maximum_stock, reorder_point, lead_time_days, cost_center, serialized, active, metadata,
       created_at, updated_at, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, clock_timestamp(), clock_timestamp(), $16, $16)
     RETURNING ${COLUMNS}`,
    [...VALUES(values), actor],
  );
  return row!;
}

/** Writes every column of a part number; `updated_at` strictly increases. */
export async function updatePartNumber(tx: Queryable, id: string, values: PartNumberValues, actor: string): Promise<PartNumberRow> {
  const [row] = await tx.query<PartNumberRow>(
    'updatePartNumber',
    `UPDATE catalog.part_number p SET code = $1, description = $2, unit_of_measure = $3, category = $4, subcategory = $5,
       manufacturer = $6, model = $7, minimum_stock = $8, maximum_stock = $9, reorder_point = $10, lead_time_days = $11,
       cost_center = $12, serialized = $13, active = $14, metadata = $15::jsonb,
       updated_at = greatest(clock_timestamp(), p.updated_at + interval '1 microsecond'), updated_by = $16
     WHERE p.id = $17
     RETURNING ${COLUMNS}`,
    [...VALUES(values), actor, id],
  );
  return row!;
}
