import { randomUUID } from 'node:crypto';
import { publishEvent, silentLogger, type Database, type OutboxConsumer } from '@inventory/platform';
import type { SubgraphUnderTest } from '@inventory/platform/testing';
import { createStockConsumers } from '../src/server.ts';

/** A short random suffix, so codes never collide with the demo data or another test. */
export const unique = () => randomUUID().slice(0, 8).toUpperCase();

/**
 * Publishes events and waits until stock has applied every one of them.
 * The consumers of the server under test (and of any other test process)
 * may apply an event first; that is fine, the effect is the same, so this
 * drains its own consumer and then checks the inbox.
 */
export class EventBus {
  readonly #db: Database;
  readonly #consumers: OutboxConsumer[];

  constructor(db: Database) {
    this.#db = db;
    this.#consumers = createStockConsumers({ db, logger: silentLogger, pollIntervalMs: 60_000 });
  }

  async publish(topic: string, payload: unknown): Promise<string> {
    return this.#db.transaction((tx) => publishEvent(tx, { topic, payload, producer: 'test' }));
  }

  /** Resolves once stock's inbox holds every one of these events. */
  async applied(eventIds: readonly string[]): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      for (const consumer of this.#consumers) await consumer.drain();
      const [row] = await this.#db.query<{ count: number }>(
        'countApplied',
        'SELECT count(*)::int AS count FROM stock.inbox WHERE event_id = ANY($1::bigint[])',
        [eventIds],
      );
      if (row!.count === eventIds.length) return;
      if (Date.now() > deadline) throw new Error(`events ${eventIds.join(', ')} were not applied in time`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async publishAndApply(topic: string, payload: unknown): Promise<void> {
    await this.applied([await this.publish(topic, payload)]);
  }
}

export interface PartOptions {
  readonly serialized?: boolean;
  readonly active?: boolean;
  readonly reorderPoint?: string;
  readonly minimumStock?: string;
}

/**
 * A part number as catalog would make it: the catalog row (movements have a
 * foreign key to it) and the `catalog.part_number.saved` event that gives
 * stock its copy.
 */
export async function createPart(db: Database, bus: EventBus, options: PartOptions = {}): Promise<{ id: string; code: string }> {
  const code = `PN-T-${unique()}`;
  const [row] = await db.query<{ id: string; version: string }>(
    'testInsertPart',
    `INSERT INTO catalog.part_number (code, description, serialized) VALUES ($1, 'Test part', $2)
     RETURNING id, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS version`,
    [code, options.serialized ?? false],
  );
  await bus.publishAndApply('catalog.part_number.saved', {
    partNumberId: row!.id, code, unitOfMeasure: 'EA', serialized: options.serialized ?? false, active: options.active ?? true,
    reorderPoint: options.reorderPoint ?? '0', minimumStock: options.minimumStock ?? '0', maximumStock: null, version: row!.version,
  });
  return { id: row!.id, code };
}

/** An asset of a serialized part, with its `catalog.asset.saved` event applied. */
export async function createAsset(db: Database, bus: EventBus, partNumberId: string, status = 'AVAILABLE'): Promise<string> {
  const serial = `SN-T-${unique()}`;
  const [row] = await db.query<{ id: string }>(
    'testInsertAsset',
    'INSERT INTO catalog.asset (serial_number, part_number_id) VALUES ($1, $2) RETURNING id',
    [serial, partNumberId],
  );
  await bus.publishAndApply('catalog.asset.saved', {
    assetId: row!.id, partNumberId, serialNumber: serial, status, version: new Date().toISOString(),
  });
  return row!.id;
}

const CREATE_LOCATION = `mutation ($input: CreateLocationInput!) {
  createLocation(input: $input) { location { id code path depth } userErrors { code field message } } }`;

/** Creates a location through the API and returns its id; fails the test on any refusal. */
export async function createLocation(
  stock: SubgraphUnderTest,
  input: { code?: string; name?: string; type: string; parentId?: string | null },
): Promise<{ id: string; code: string }> {
  const code = input.code ?? `LOC-${unique()}`;
  const { data, errors } = await stock.execute(CREATE_LOCATION, { input: { name: code, ...input, code } }, { as: 'operator' });
  if (errors || data.createLocation.userErrors.length > 0) throw new Error(JSON.stringify(errors ?? data.createLocation.userErrors));
  return { id: data.createLocation.location.id, code };
}

export const RECORD_MOVEMENT = `mutation ($input: RecordMovementInput!) {
  recordMovement(input: $input) {
    movement { id type status quantity from { id } to { id } unitCost totalCost reason approvalTriggers statusReason postedAt }
    userErrors { code field message }
  } }`;

/** Records a movement through the API with a fresh idempotency key unless one is given. */
export async function record(stock: SubgraphUnderTest, input: Record<string, unknown>) {
  const result = await stock.execute(RECORD_MOVEMENT, { input: { idempotencyKey: randomUUID(), ...input } }, { as: 'operator' });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data.recordMovement as { movement: any; userErrors: { code: string; field: string[] | null; message: string }[] };
}

/** On hand, reserved and available of one part at one location, straight from the balance table. */
export async function balanceOf(db: Database, partNumberId: string, locationId: string) {
  const [row] = await db.query<{ onHand: string; reserved: string }>(
    'testBalance',
    'SELECT on_hand::text AS "onHand", reserved::text AS reserved FROM stock.balance WHERE part_number_id = $1 AND location_id = $2',
    [partNumberId, locationId],
  );
  return { onHand: Number(row?.onHand ?? 0), reserved: Number(row?.reserved ?? 0) };
}

/**
 * Balances of one part that disagree with its posted ledger: on hand must be
 * the sum of posted movements into and out of each location (reservation
 * movements name no location), reserved the sum of the posted RESERVATION
 * minus RELEASE movements at their reservations' locations, and also the
 * sum of the ACTIVE reservations. A row with a null location says the
 * part's totals (kept by triggers) disagree with the sum of its balances.
 */
export async function ledgerDisagreements(db: Database, partNumberId: string) {
  return db.query(
    'testLedgerDisagreements',
    `WITH deltas AS (
       SELECT to_location_id AS location_id, quantity AS on_hand, 0 AS reserved
       FROM stock.movement WHERE part_number_id = $1 AND status = 'POSTED' AND to_location_id IS NOT NULL
       UNION ALL
       SELECT from_location_id, -quantity, 0
       FROM stock.movement WHERE part_number_id = $1 AND status = 'POSTED' AND from_location_id IS NOT NULL
       UNION ALL
       SELECT r.location_id, 0, CASE WHEN m.type = 'RESERVATION' THEN m.quantity ELSE -m.quantity END
       FROM stock.movement m JOIN stock.reservation r ON r.id = m.reservation_id
       WHERE m.part_number_id = $1 AND m.status = 'POSTED' AND m.type IN ('RESERVATION', 'RELEASE')
     ), ledger AS (SELECT location_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM deltas GROUP BY location_id),
     active AS (SELECT location_id, sum(quantity) AS reserved FROM stock.reservation WHERE part_number_id = $1 AND status = 'ACTIVE' GROUP BY location_id)
     SELECT coalesce(l.location_id, b.location_id) AS "locationId", l.on_hand::text AS "ledgerOnHand", b.on_hand::text AS "balanceOnHand",
            l.reserved::text AS "ledgerReserved", b.reserved::text AS "balanceReserved", a.reserved::text AS "activeReserved"
     FROM ledger l
     FULL JOIN (SELECT * FROM stock.balance WHERE part_number_id = $1) b USING (location_id)
     LEFT JOIN active a ON a.location_id = coalesce(l.location_id, b.location_id)
     WHERE coalesce(l.on_hand, 0) <> coalesce(b.on_hand, 0)
        OR coalesce(l.reserved, 0) <> coalesce(b.reserved, 0)
        OR coalesce(a.reserved, 0) <> coalesce(b.reserved, 0)
     UNION ALL
     SELECT NULL, t.on_hand::text, p.total_on_hand::text, t.reserved::text, p.total_reserved::text, NULL
     FROM stock.catalog_part_number p,
          LATERAL (SELECT coalesce(sum(on_hand), 0) AS on_hand, coalesce(sum(reserved), 0) AS reserved FROM stock.balance WHERE part_number_id = $1) t
     WHERE p.id = $1 AND (p.total_on_hand, p.total_reserved) IS DISTINCT FROM (t.on_hand, t.reserved)`,
    [partNumberId],
  );
}
