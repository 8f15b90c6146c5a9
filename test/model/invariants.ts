import type { World } from './world.ts';

/**
 * One rule that must hold after any sequence of operations, checked
 * against the database over the world's own parts, assets and locations.
 * `violations` returns the rows that break it (empty when it holds).
 * `disabledBecause` names the open work that still breaks it; such a rule
 * is listed as skipped instead of checked.
 *
 * To add a rule: append one here.
 */
export interface Invariant {
  readonly name: string;
  readonly disabledBecause?: string;
  violations(world: World): Promise<readonly unknown[]>;
}

/**
 * Runs an invariant's query, where `:parts`, `:assets` and `:places` stand
 * for the world's part number, asset and location ids (as bigint arrays).
 */
const rows = (world: World, name: string, sql: string) => {
  const lists = { parts: world.parts, assets: world.assets, places: world.places.map((place) => place.id) };
  const names = [...new Set([...sql.matchAll(/:(parts|assets|places)\b/g)].map((match) => match[1] as keyof typeof lists))];
  const text = sql.replace(/:(parts|assets|places)\b/g, (_all, list: keyof typeof lists) => `$${names.indexOf(list) + 1}::bigint[]`);
  return world.db.query(name, text, names.map((list) => lists[list]));
};

export const INVARIANTS: readonly Invariant[] = [
  {
    name: 'every balance is the sum of its posted ledger (on hand and reserved), reserved is the sum of active reservations, and part totals match',
    violations: (world) =>
      rows(world, 'modelLedgerSums', `
        WITH deltas AS (
          SELECT part_number_id, to_location_id AS location_id, quantity AS on_hand, 0 AS reserved
          FROM stock.movement WHERE part_number_id = ANY(:parts) AND status = 'POSTED' AND to_location_id IS NOT NULL
          UNION ALL
          SELECT part_number_id, from_location_id, -quantity, 0
          FROM stock.movement WHERE part_number_id = ANY(:parts) AND status = 'POSTED' AND from_location_id IS NOT NULL
          UNION ALL
          SELECT m.part_number_id, r.location_id, 0, CASE WHEN m.type = 'RESERVATION' THEN m.quantity ELSE -m.quantity END
          FROM stock.movement m JOIN stock.reservation r ON r.id = m.reservation_id
          WHERE m.part_number_id = ANY(:parts) AND m.status = 'POSTED' AND m.type IN ('RESERVATION', 'RELEASE')
        ),
        ledger AS (SELECT part_number_id, location_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM deltas GROUP BY 1, 2),
        active AS (
          SELECT part_number_id, location_id, sum(quantity) AS reserved FROM stock.reservation
          WHERE part_number_id = ANY(:parts) AND status = 'ACTIVE' GROUP BY 1, 2
        ),
        balances AS (SELECT * FROM stock.balance WHERE part_number_id = ANY(:parts))
        SELECT coalesce(l.part_number_id, b.part_number_id) AS part, coalesce(l.location_id, b.location_id) AS location,
               l.on_hand::text AS ledger_on_hand, b.on_hand::text AS balance_on_hand, l.reserved::text AS ledger_reserved,
               b.reserved::text AS balance_reserved, a.reserved::text AS active_reserved
        FROM ledger l
        FULL JOIN balances b ON b.part_number_id = l.part_number_id AND b.location_id = l.location_id
        LEFT JOIN active a ON a.part_number_id = coalesce(l.part_number_id, b.part_number_id) AND a.location_id = coalesce(l.location_id, b.location_id)
        WHERE coalesce(l.on_hand, 0) <> coalesce(b.on_hand, 0) OR coalesce(l.reserved, 0) <> coalesce(b.reserved, 0)
           OR coalesce(a.reserved, 0) <> coalesce(b.reserved, 0)
        UNION ALL
        SELECT p.id, NULL, t.on_hand::text, p.total_on_hand::text, t.reserved::text, p.total_reserved::text, NULL
        FROM stock.catalog_part_number p,
             LATERAL (SELECT coalesce(sum(on_hand), 0) AS on_hand, coalesce(sum(reserved), 0) AS reserved FROM stock.balance WHERE part_number_id = p.id) t
        WHERE p.id = ANY(:parts) AND (p.total_on_hand, p.total_reserved) IS DISTINCT FROM (t.on_hand, t.reserved)`),
  },
  {
    name: 'no on-hand, reserved or available quantity is negative',
    violations: (world) =>
      rows(world, 'modelNegatives', `
        SELECT part_number_id AS part, location_id AS location, on_hand::text, reserved::text FROM stock.balance
        WHERE part_number_id = ANY(:parts) AND (on_hand < 0 OR reserved < 0 OR on_hand - reserved < 0)`),
  },
  {
    name: "every serialized part's balance at a location equals the number of its assets there",
    violations: (world) =>
      rows(world, 'modelSerializedBalances', `
        WITH placed AS (
          SELECT a.part_number_id, p.location_id, count(*) AS assets FROM stock.asset_position p
          JOIN stock.catalog_asset a ON a.id = p.asset_id
          WHERE p.asset_id = ANY(:assets) AND p.location_id IS NOT NULL GROUP BY 1, 2
        ),
        balances AS (
          SELECT b.part_number_id, b.location_id, b.on_hand FROM stock.balance b
          JOIN stock.catalog_part_number c ON c.id = b.part_number_id AND c.serialized
          WHERE b.part_number_id = ANY(:parts)
        )
        SELECT coalesce(b.part_number_id, p.part_number_id) AS part, coalesce(b.location_id, p.location_id) AS location,
               b.on_hand::text AS on_hand, p.assets
        FROM balances b FULL JOIN placed p ON p.part_number_id = b.part_number_id AND p.location_id = b.location_id
        WHERE coalesce(b.on_hand, 0) <> coalesce(p.assets, 0)`),
  },
  {
    name: 'every idempotency key holds at most one movement per caller',
    violations: (world) =>
      rows(world, 'modelKeyMovements', `
        SELECT created_by, idempotency_key, count(*) AS movements FROM stock.movement
        WHERE part_number_id = ANY(:parts) AND idempotency_key IS NOT NULL
        GROUP BY 1, 2 HAVING count(*) > 1`),
  },
  {
    name: 'every movement has its audit record (a reservation movement: its reservation has)',
    violations: (world) =>
      rows(world, 'modelUnaudited', `
        SELECT m.id, m.type, m.status FROM stock.movement m
        WHERE m.part_number_id = ANY(:parts)
          AND NOT EXISTS (SELECT 1 FROM stock.audit_event e WHERE e.entity_type = 'Movement' AND e.entity_id = m.id::text)
          AND NOT (m.reservation_id IS NOT NULL
                   AND EXISTS (SELECT 1 FROM stock.audit_event e WHERE e.entity_type = 'Reservation' AND e.entity_id = m.reservation_id::text))`),
  },
  {
    name: 'no location is counted by two open sessions',
    violations: (world) =>
      rows(world, 'modelOverlappingCounts', `
        SELECT location_id, array_agg(session_id) AS sessions FROM stock.count_scope
        WHERE status = 'OPEN' AND location_id = ANY(:places) GROUP BY 1 HAVING count(*) > 1`),
  },
  {
    name: 'every count movement settles exactly one divergence, and no superseded divergence has one',
    violations: (world) =>
      rows(world, 'modelCountSettlement', `
        SELECT 'shared' AS problem, d.movement_id AS id FROM stock.count_divergence d
        WHERE d.part_number_id = ANY(:parts) AND d.movement_id IS NOT NULL GROUP BY d.movement_id HAVING count(*) > 1
        UNION ALL
        SELECT 'superseded but settled', d.id FROM stock.count_divergence d
        WHERE d.part_number_id = ANY(:parts) AND d.movement_id IS NOT NULL AND d.superseded_by IS NOT NULL
        UNION ALL
        SELECT 'count movement without its divergence', m.id FROM stock.movement m
        WHERE m.part_number_id = ANY(:parts) AND m.document_type = 'COUNT'
          AND NOT EXISTS (SELECT 1 FROM stock.count_divergence d WHERE d.movement_id = m.id)`),
  },
  {
    name: 'no reservation was fulfilled after it expired',
    violations: (world) =>
      rows(world, 'modelFulfilledAfterExpiry', `
        SELECT r.id, r.expires_at, m.created_at FROM stock.reservation r JOIN stock.movement m ON m.id = r.fulfilment_id
        WHERE r.part_number_id = ANY(:parts) AND r.expires_at IS NOT NULL AND m.created_at > r.expires_at`),
  },
];

/** The rules any sequence broke, with what broke them; empty when all hold. */
export async function brokenInvariants(world: World, { includeDisabled = false } = {}): Promise<{ name: string; violations: readonly unknown[] }[]> {
  const broken: { name: string; violations: readonly unknown[] }[] = [];
  for (const invariant of INVARIANTS) {
    if (invariant.disabledBecause && !includeDisabled) continue;
    const violations = await invariant.violations(world);
    if (violations.length > 0) broken.push({ name: invariant.name, violations });
  }
  return broken;
}
