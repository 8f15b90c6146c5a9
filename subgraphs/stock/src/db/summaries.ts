import type { Queryable } from '@inventory/platform';

/** What a movement summary may group by. */
export type SummaryDimension = 'TYPE' | 'PERIOD' | 'LOCATION' | 'PART_NUMBER';

/** Length of a period group. */
export type SummaryPeriodUnit = 'DAY' | 'WEEK' | 'MONTH';

/** What a movement summary counts: posted movements in [from, to), narrowed by the optional filters. */
export interface MovementSummaryCriteria {
  readonly from: Date;
  readonly to: Date;
  readonly groupBy: readonly SummaryDimension[];
  readonly period: SummaryPeriodUnit;
  readonly locationId: string | null;
  readonly partNumberId: string | null;
  readonly types: readonly string[] | null;
}

/** One group of a movement summary: only the grouped dimensions are set. */
export interface MovementSummaryGroupRow {
  readonly type: string | null;
  readonly period: string | null;
  readonly locationId: string | null;
  readonly partNumberId: string | null;
  readonly movements: number;
  readonly quantity: string;
  readonly value: string;
}

/** The SQL expression of each dimension; the SELECT, GROUP BY and ORDER BY list them in one fixed order. */
const DIMENSIONS: readonly { readonly name: SummaryDimension; readonly column: string; readonly expression: string }[] = [
  { name: 'TYPE', column: 'type', expression: 'm.type' },
  { name: 'PERIOD', column: 'period', expression: `to_char(date_trunc($7::text, m.posted_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')` },
  { name: 'LOCATION', column: 'locationId', expression: 'leg.id' },
  { name: 'PART_NUMBER', column: 'partNumberId', expression: 'm.part_number_id' },
];

/*
 * One statement, whatever is grouped: the posted movements of the period are
 * found through movement_posted_at_idx, narrowed, and grouped. Grouped by
 * location, each movement is spread over the locations it touches (its
 * `from`, its `to`, or for a reservation's movements the reservation's
 * location), keeping those inside the asked subtree; otherwise a movement
 * counts once if it touches the subtree at all.
 */
export function movementSummaryStatement(criteria: MovementSummaryCriteria, limit: number): { text: string; values: unknown[] } {
  const chosen = DIMENSIONS.filter((dimension) => criteria.groupBy.includes(dimension.name));
  const byLocation = criteria.groupBy.includes('LOCATION');
  const selected = DIMENSIONS.map((dimension) =>
    chosen.includes(dimension) ? `${dimension.expression}::text AS "${dimension.column}"` : `NULL::text AS "${dimension.column}"`,
  );
  const grouping = chosen.map((dimension) => dimension.expression);
  const locations = byLocation
    ? `CROSS JOIN LATERAL (SELECT DISTINCT touched.id FROM unnest(ARRAY[m.from_location_id, m.to_location_id, r.location_id]) AS touched(id)
                        WHERE touched.id IS NOT NULL) AS leg`
    : '';
  const inSubtree = byLocation
    ? `leg.id IN (SELECT l.id FROM stock.location l WHERE l.path @> ARRAY[$5::bigint])`
    : `EXISTS (SELECT 1 FROM stock.location l WHERE l.path @> ARRAY[$5::bigint]
                 AND l.id IN (m.from_location_id, m.to_location_id, r.location_id))`;
  const text = `
    SELECT ${selected.join(', ')},
           count(*)::int AS movements, coalesce(sum(m.quantity), 0)::text AS quantity,
           round(coalesce(sum(m.quantity * coalesce(m.unit_cost, 0)), 0), 6)::text AS value
    FROM stock.movement m
    LEFT JOIN stock.reservation r ON r.id = m.reservation_id
    ${locations}
    WHERE m.status = 'POSTED' AND m.posted_at >= $1 AND m.posted_at < $2
      AND ($3::text[] IS NULL OR m.type = ANY($3))
      AND ($4::bigint IS NULL OR m.part_number_id = $4)
      AND ($5::bigint IS NULL OR ${inSubtree})
    ${grouping.length > 0 ? `GROUP BY ${grouping.join(', ')} ORDER BY ${grouping.join(', ')}` : ''}
    LIMIT $6`;
  const values = [
    criteria.from,
    criteria.to,
    criteria.types,
    criteria.partNumberId,
    criteria.locationId,
    limit,
    // The period's unit is a parameter only when the statement groups by it.
    ...(criteria.groupBy.includes('PERIOD') ? [criteria.period.toLowerCase()] : []),
  ];
  return { text, values };
}

/** The groups of a movement summary, at most `limit` of them. */
export function summarizeMovements(db: Queryable, criteria: MovementSummaryCriteria, limit: number): Promise<MovementSummaryGroupRow[]> {
  const { text, values } = movementSummaryStatement(criteria, limit);
  return db.query('summarizeMovements', text, values);
}

/** A direct child of a location with the stock value of its subtree. */
export interface ChildStockValueRow {
  readonly parentId: string;
  readonly locationId: string;
  readonly stockValue: string;
}

/**
 * The direct children of these locations, ordered by code, each with the
 * value of the stock at it and below (on hand × the part's average cost, as
 * sumStockValueUnderLocations counts it): one statement for every parent
 * and child, the children found by location_parent_idx and their subtrees
 * by the path index.
 */
export function sumStockValueByChild(db: Queryable, parentIds: readonly string[]): Promise<ChildStockValueRow[]> {
  return db.query(
    'sumStockValueByChild',
    `SELECT c.parent_id::text AS "parentId", c.id::text AS "locationId",
            round(coalesce(sum(b.on_hand * p.average_cost), 0), 6)::text AS "stockValue"
     FROM stock.location c
     LEFT JOIN stock.location l ON l.path @> ARRAY[c.id]
     LEFT JOIN stock.balance b ON b.location_id = l.id AND b.on_hand > 0
     LEFT JOIN stock.catalog_part_number p ON p.id = b.part_number_id
     WHERE c.parent_id = ANY($1::bigint[])
     GROUP BY c.parent_id, c.id, c.code
     ORDER BY c.parent_id, c.code`,
    [parentIds],
  );
}
