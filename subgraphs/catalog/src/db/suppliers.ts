import type { Queryable } from '@inventory/platform';
import type { SupplierContact } from '../domain/rules.ts';

/** The columns a create or update writes. */
export interface SupplierValues {
  readonly name: string;
  readonly contacts: readonly SupplierContact[];
  readonly website: string | null;
  readonly leadTimeDays: number | null;
  readonly preferred: boolean;
  readonly active: boolean;
  readonly notes: string | null;
}

/** A `catalog.supplier` row as the resolvers see it. */
export interface SupplierRow extends SupplierValues {
  readonly id: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** `lower(name)` as the database computes it: the keyset of `listSuppliers`. */
  readonly sortKey: string;
}

export interface SupplierFilter {
  /** `%text%` over the name, lower-cased and escaped. */
  readonly namePattern: string | null;
  readonly active: boolean | null;
  readonly preferred: boolean | null;
}

const COLUMNS = `
  s.id, s.name, s.contacts, s.website, s.lead_time_days AS "leadTimeDays", s.preferred, s.active, s.notes,
  s.created_at AS "createdAt", s.updated_at AS "updatedAt", lower(s.name) AS "sortKey"`;

const FILTER = `
  ($1::text IS NULL OR lower(s.name) LIKE $1)
  AND ($2::boolean IS NULL OR s.active = $2)
  AND ($3::boolean IS NULL OR s.preferred = $3)`;

const filterValues = (filter: SupplierFilter) => [filter.namePattern, filter.active, filter.preferred];

/** Suppliers with these ids, in no particular order. */
export function findSuppliersByIds(db: Queryable, ids: readonly string[]): Promise<SupplierRow[]> {
  return db.query('findSuppliersByIds', `SELECT ${COLUMNS} FROM catalog.supplier s WHERE s.id = ANY($1::bigint[])`, [ids]);
}

/** One supplier, locked for update; null when none has this id. */
export async function lockSupplier(tx: Queryable, id: string): Promise<SupplierRow | null> {
  const [row] = await tx.query<SupplierRow>('lockSupplier', `SELECT ${COLUMNS} FROM catalog.supplier s WHERE s.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/** One page of suppliers ordered by name (any case), after the keyset `[lower(name), id]`. */
export function listSuppliers(db: Queryable, filter: SupplierFilter, limit: number, after: readonly [string, string] | null): Promise<SupplierRow[]> {
  return db.query(
    'listSuppliers',
    `SELECT ${COLUMNS} FROM catalog.supplier s
     WHERE ${FILTER} AND ($4::text IS NULL OR (lower(s.name), s.id) > ($4, $5::bigint))
     ORDER BY lower(s.name), s.id
     LIMIT $6`,
    [...filterValues(filter), after?.[0] ?? null, after?.[1] ?? null, limit],
  );
}

/** How many suppliers match `filter`. */
export async function countSuppliers(db: Queryable, filter: SupplierFilter): Promise<number> {
  const [row] = await db.query<{ count: number }>('countSuppliers', `SELECT count(*)::int AS count FROM catalog.supplier s WHERE ${FILTER}`, filterValues(filter));
  return row?.count ?? 0;
}

const VALUES = (values: SupplierValues) => [
  values.name, JSON.stringify(values.contacts), values.website, values.leadTimeDays, values.preferred, values.active, values.notes,
];

/** Inserts a supplier and returns it. */
export async function insertSupplier(tx: Queryable, values: SupplierValues, actor: string): Promise<SupplierRow> {
  const [row] = await tx.query<SupplierRow>(
    'insertSupplier',
    `INSERT INTO catalog.supplier AS s (name, contacts, website, lead_time_days, preferred, active, notes, created_by, updated_by)
     VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8, $8)
     RETURNING ${COLUMNS}`,
    [...VALUES(values), actor],
  );
  return row!;
}

/** Writes every column of a supplier. */
export async function updateSupplier(tx: Queryable, id: string, values: SupplierValues, actor: string): Promise<SupplierRow> {
  const [row] = await tx.query<SupplierRow>(
    'updateSupplier',
    `UPDATE catalog.supplier s SET name = $1, contacts = $2::jsonb, website = $3, lead_time_days = $4, preferred = $5, active = $6,
       notes = $7, updated_at = clock_timestamp(), updated_by = $8
     WHERE s.id = $9
     RETURNING ${COLUMNS}`,
    [...VALUES(values), actor, id],
  );
  return row!;
}

/** The columns an offer create or update writes. */
export interface SupplierOfferValues {
  readonly sku: string;
  readonly unitCost: string | null;
  readonly currency: string;
  readonly leadTimeDays: number | null;
  readonly minimumOrderQuantity: string;
  readonly preferred: boolean;
  readonly active: boolean;
}

/** A `catalog.supplier_offer` row as the resolvers see it. */
export interface SupplierOfferRow extends SupplierOfferValues {
  readonly id: string;
  readonly partNumberId: string;
  readonly supplierId: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

const OFFER_COLUMNS = `
  o.id, o.part_number_id AS "partNumberId", o.supplier_id AS "supplierId", o.sku, o.unit_cost AS "unitCost", o.currency,
  o.lead_time_days AS "leadTimeDays", o.minimum_order_quantity AS "minimumOrderQuantity", o.preferred, o.active,
  o.created_at AS "createdAt", o.updated_at AS "updatedAt"`;

/** Every offer (active or not) for these part numbers, preferred first, then cheapest. */
export function listOffersOfPartNumbers(db: Queryable, partNumberIds: readonly string[]): Promise<SupplierOfferRow[]> {
  return db.query(
    'listOffersOfPartNumbers',
    `SELECT ${OFFER_COLUMNS} FROM catalog.supplier_offer o WHERE o.part_number_id = ANY($1::bigint[])
     ORDER BY o.preferred DESC, o.active DESC, o.unit_cost NULLS LAST, o.id`,
    [partNumberIds],
  );
}

/** Every offer (active or not) of these suppliers, in the order they were recorded. */
export function listOffersOfSuppliers(db: Queryable, supplierIds: readonly string[]): Promise<SupplierOfferRow[]> {
  return db.query(
    'listOffersOfSuppliers',
    `SELECT ${OFFER_COLUMNS} FROM catalog.supplier_offer o WHERE o.supplier_id = ANY($1::bigint[]) ORDER BY o.id`,
    [supplierIds],
  );
}

/** One offer, locked for update; null when none has this id. */
export async function lockSupplierOffer(tx: Queryable, id: string): Promise<SupplierOfferRow | null> {
  const [row] = await tx.query<SupplierOfferRow>('lockSupplierOffer', `SELECT ${OFFER_COLUMNS} FROM catalog.supplier_offer o WHERE o.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/** Clears the preferred flag of a part's other offers, so another may take it. */
export async function clearPreferredOffers(tx: Queryable, partNumberId: string, exceptId: string | null, actor: string): Promise<SupplierOfferRow[]> {
  return tx.query(
    'clearPreferredOffers',
    `UPDATE catalog.supplier_offer o SET preferred = false, updated_at = clock_timestamp(), updated_by = $3
     WHERE o.part_number_id = $1 AND o.preferred AND ($2::bigint IS NULL OR o.id <> $2)
     RETURNING ${OFFER_COLUMNS}`,
    [partNumberId, exceptId, actor],
  );
}

/** Inserts an offer and returns it. */
export async function insertSupplierOffer(
  tx: Queryable,
  partNumberId: string,
  supplierId: string,
  values: SupplierOfferValues,
  actor: string,
): Promise<SupplierOfferRow> {
  const [row] = await tx.query<SupplierOfferRow>(
    'insertSupplierOffer',
    `INSERT INTO catalog.supplier_offer AS o (part_number_id, supplier_id, sku, unit_cost, currency, lead_time_days,
       minimum_order_quantity, preferred, active, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
     RETURNING ${OFFER_COLUMNS}`,
    [partNumberId, supplierId, values.sku, values.unitCost, values.currency, values.leadTimeDays, values.minimumOrderQuantity, values.preferred, values.active, actor],
  );
  return row!;
}

/** Writes every column of an offer. */
export async function updateSupplierOffer(tx: Queryable, id: string, values: SupplierOfferValues, actor: string): Promise<SupplierOfferRow> {
  const [row] = await tx.query<SupplierOfferRow>(
    'updateSupplierOffer',
    `UPDATE catalog.supplier_offer o SET sku = $1, unit_cost = $2, currency = $3, lead_time_days = $4, minimum_order_quantity = $5,
       preferred = $6, active = $7, updated_at = clock_timestamp(), updated_by = $8
     WHERE o.id = $9
     RETURNING ${OFFER_COLUMNS}`,
    [values.sku, values.unitCost, values.currency, values.leadTimeDays, values.minimumOrderQuantity, values.preferred, values.active, actor, id],
  );
  return row!;
}
