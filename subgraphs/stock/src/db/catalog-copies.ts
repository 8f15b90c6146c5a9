import type { Queryable } from '@inventory/platform';

/** Stock's copy of a catalog part number: the facts stock rules need. */
export interface PartCopyRow {
  readonly id: string;
  readonly code: string;
  readonly unitOfMeasure: string;
  /** How many decimal places a quantity of the part may have (its unit's precision). */
  readonly unitDecimalPlaces: number;
  readonly serialized: boolean;
  readonly active: boolean;
  readonly reorderPoint: string;
  readonly minimumStock: string;
  readonly maximumStock: string | null;
  /** Stock's own fact about the part: its moving weighted average unit cost. */
  readonly averageCost: string;
}

/** Stock's copy of a catalog asset. */
export interface AssetCopyRow {
  readonly id: string;
  readonly partNumberId: string;
  readonly serialNumber: string;
  readonly status: string;
  /** Catalog's version of the copy (ISO text with microseconds; `seed` for the demo's own copies). */
  readonly version: string;
}

/** A part number copy as a `catalog.part_number.saved` event carries it. */
export interface PartCopy extends Omit<PartCopyRow, 'averageCost' | 'unitDecimalPlaces'> {
  /** Null when the event carried none: the copy keeps what it had. */
  readonly unitDecimalPlaces: number | null;
  readonly version: string;
}

/** An asset copy as a `catalog.asset.saved` event carries it. */
export interface AssetCopy extends AssetCopyRow {
  readonly version: string;
}

/** Stores a part number copy unless a copy at least as new is already there. */
export async function savePartCopy(tx: Queryable, part: PartCopy): Promise<void> {
  await tx.query(
    'savePartCopy',
    `INSERT INTO stock.catalog_part_number (id, code, unit_of_measure, serialized, active, reorder_point, minimum_stock, maximum_stock, version,
       unit_decimal_places)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10::smallint, 6))
     ON CONFLICT (id) DO UPDATE SET code = excluded.code, unit_of_measure = excluded.unit_of_measure,
       serialized = excluded.serialized, active = excluded.active, reorder_point = excluded.reorder_point,
       minimum_stock = excluded.minimum_stock, maximum_stock = excluded.maximum_stock, version = excluded.version,
       unit_decimal_places = coalesce($10::smallint, stock.catalog_part_number.unit_decimal_places)
     WHERE stock.catalog_part_number.version < excluded.version`,
    [part.id, part.code, part.unitOfMeasure, part.serialized, part.active, part.reorderPoint, part.minimumStock, part.maximumStock, part.version,
      part.unitDecimalPlaces],
  );
}

/** Stores an asset copy unless a copy at least as new is already there. */
export async function saveAssetCopy(tx: Queryable, asset: AssetCopy): Promise<void> {
  await tx.query(
    'saveAssetCopy',
    `INSERT INTO stock.catalog_asset (id, part_number_id, serial_number, status, version) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET part_number_id = excluded.part_number_id, serial_number = excluded.serial_number,
       status = excluded.status, version = excluded.version
     WHERE stock.catalog_asset.version < excluded.version`,
    [asset.id, asset.partNumberId, asset.serialNumber, asset.status, asset.version],
  );
}

/** The copy of one part number, or null when stock has not heard of it. */
export async function findPartCopy(db: Queryable, id: string): Promise<PartCopyRow | null> {
  const [row] = await db.query<PartCopyRow>(
    'findPartCopy',
    `SELECT p.id, p.code, p.unit_of_measure AS "unitOfMeasure", p.unit_decimal_places::int AS "unitDecimalPlaces", p.serialized, p.active, p.reorder_point AS "reorderPoint",
            p.minimum_stock AS "minimumStock", p.maximum_stock AS "maximumStock", p.average_cost AS "averageCost"
     FROM stock.catalog_part_number p WHERE p.id = $1`,
    [id],
  );
  return row ?? null;
}

/** The part number of each of these assets, from stock's copies; assets stock has not heard of are absent. */
export function findPartNumbersOfAssets(db: Queryable, ids: readonly string[]): Promise<{ assetId: string; partNumberId: string }[]> {
  return db.query(
    'findPartNumbersOfAssets',
    `SELECT a.id::text AS "assetId", a.part_number_id::text AS "partNumberId" FROM stock.catalog_asset a WHERE a.id = ANY($1::bigint[])`,
    [ids],
  );
}

/** The copy of one asset, or null when stock has not heard of it. */
export async function findAssetCopy(db: Queryable, id: string): Promise<AssetCopyRow | null> {
  const [row] = await db.query<AssetCopyRow>(
    'findAssetCopy',
    `SELECT a.id, a.part_number_id AS "partNumberId", a.serial_number AS "serialNumber", a.status,
            CASE WHEN isfinite(a.version) THEN to_char(a.version AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') ELSE 'seed' END AS version
     FROM stock.catalog_asset a WHERE a.id = $1`,
    [id],
  );
  return row ?? null;
}
