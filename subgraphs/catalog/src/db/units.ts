import type { Queryable } from '@inventory/platform';

/** A `catalog.unit_of_measure` row: a unit and how finely it is counted. */
export interface UnitOfMeasureRow {
  readonly code: string;
  readonly name: string;
  /** How many decimal places a quantity in this unit may have: 0 counts whole units. */
  readonly decimalPlaces: number;
}

/** The unit with this code, or null when there is none. */
export async function findUnitOfMeasure(db: Queryable, code: string): Promise<UnitOfMeasureRow | null> {
  const [row] = await db.query<UnitOfMeasureRow>(
    'findUnitOfMeasure',
    'SELECT u.code, u.name, u.decimal_places::int AS "decimalPlaces" FROM catalog.unit_of_measure u WHERE u.code = $1',
    [code],
  );
  return row ?? null;
}

/** Every unit, by code. */
export function listUnitsOfMeasure(db: Queryable): Promise<UnitOfMeasureRow[]> {
  return db.query(
    'listUnitsOfMeasure',
    'SELECT u.code, u.name, u.decimal_places::int AS "decimalPlaces" FROM catalog.unit_of_measure u ORDER BY u.code',
  );
}
