import { randomInt, randomUUID } from 'node:crypto';
import { publishEvent, silentLogger, type Database, type OutboxConsumer } from '@inventory/platform';
import { mutate, mutateOk, startSubgraphForTest, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { publish, type EventPayload, type Producer, type Topic } from '@inventory/schema/events';
import { inject } from 'vitest';
import { createStockConsumer, start } from '../src/server.ts';

/**
 * Publishes events and waits until stock has applied every one of them.
 * The consumers of the server under test (and of any other test process)
 * may apply an event first; that is fine, the effect is the same, so this
 * drains its own consumer and then checks the inbox.
 */
export class EventBus {
  readonly #db: Database;
  readonly #consumer: OutboxConsumer;

  constructor(db: Database) {
    this.#db = db;
    this.#consumer = createStockConsumer({ db, logger: silentLogger, pollIntervalMs: 60_000 });
  }

  /** Publishes an event as the subgraph that owns its topic would, checked against the topic's contract. */
  async publish<T extends Topic>(topic: T, payload: EventPayload<T>): Promise<string> {
    const producer = topic.slice(0, topic.indexOf('.')) as Producer;
    return this.#db.transaction((tx) => publish(tx, topic, payload, { producer, requestId: null }));
  }

  /** Publishes a payload unchecked, as a producer with a bug would. */
  async publishUnchecked(topic: Topic, payload: unknown): Promise<string> {
    return this.#db.transaction((tx) => publishEvent(tx, { topic, payload, producer: topic.slice(0, topic.indexOf('.')) }));
  }

  /** Resolves once stock's inbox holds every one of these events. */
  async applied(eventIds: readonly string[]): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      await this.#consumer.drain();
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

  async publishAndApply<T extends Topic>(topic: T, payload: EventPayload<T>): Promise<void> {
    await this.applied([await this.publish(topic, payload)]);
  }
}

export interface PartOptions {
  /** The part's unit and its decimal places; default `EA`, whole units. */
  readonly unit?: { readonly code: string; readonly decimalPlaces: number };
  readonly serialized?: boolean;
  readonly active?: boolean;
  readonly reorderPoint?: string;
  readonly minimumStock?: string;
}

/** The `catalog.part_number.saved` payload catalog would publish for a test part at `version`. */
export function partNumberSaved(part: { id: string; code: string }, version: string, options: PartOptions = {}): EventPayload<'catalog.part_number.saved'> {
  return {
    partNumberId: part.id, code: part.code, description: 'Test part', unitOfMeasure: options.unit?.code ?? 'EA',
    unitDecimalPlaces: options.unit?.decimalPlaces ?? 0, category: null, subcategory: null, manufacturer: null,
    model: null, serialized: options.serialized ?? false, active: options.active ?? true, reorderPoint: options.reorderPoint ?? '0',
    minimumStock: options.minimumStock ?? '0', maximumStock: null, leadTimeDays: null, costCenter: null, version,
  };
}

/**
 * A part number as catalog would make it: the catalog row (movements have a
 * foreign key to it) and the `catalog.part_number.saved` event that gives
 * stock its copy.
 */
export async function createPart(db: Database, bus: EventBus, options: PartOptions = {}): Promise<{ id: string; code: string }> {
  const code = `PN-T-${uniqueTag()}`;
  const [row] = await db.query<{ id: string; version: string }>(
    'testInsertPart',
    `INSERT INTO catalog.part_number (code, description, serialized, unit_of_measure) VALUES ($1, 'Test part', $2, $3)
     RETURNING id, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS version`,
    [code, options.serialized ?? false, options.unit?.code ?? 'EA'],
  );
  await bus.publishAndApply('catalog.part_number.saved', partNumberSaved({ id: row!.id, code }, row!.version, options));
  return { id: row!.id, code };
}

/** An asset of a serialized part, with its `catalog.asset.saved` event applied. */
export async function createAsset(
  db: Database,
  bus: EventBus,
  partNumberId: string,
  status: EventPayload<'catalog.asset.saved'>['status'] = 'AVAILABLE',
): Promise<string> {
  const serial = `SN-T-${uniqueTag()}`;
  const [row] = await db.query<{ id: string }>(
    'testInsertAsset',
    'INSERT INTO catalog.asset (serial_number, part_number_id) VALUES ($1, $2) RETURNING id',
    [serial, partNumberId],
  );
  await bus.publishAndApply('catalog.asset.saved', {
    assetId: row!.id, partNumberId, serialNumber: serial, status, condition: 'NEW', modelId: null, project: null, version: new Date().toISOString(),
  });
  return row!.id;
}

/** A fresh approval request id, far above any approvals hands out, so a test's decisions never meet a real request's. */
export function approvalRequestId(): string {
  return String(10 ** 12 + randomInt(2 ** 40));
}

/** A location made for a test: its id and its code. */
export interface Place {
  readonly id: string;
  readonly code: string;
}

/** Creates a location through the API and returns its id; fails the test on any refusal. */
export async function createLocation(
  stock: SubgraphUnderTest,
  input: { code?: string; name?: string; type: string; parentId?: string | null },
): Promise<Place> {
  const code = input.code ?? `LOC-${uniqueTag()}`;
  const { location } = await mutateOk(stock, 'createLocation', 'location { id code path depth }', { name: code, ...input, code });
  return { id: location.id, code };
}

const MOVEMENT = 'movement { id type status quantity from { id } to { id } unitCost totalCost reason approvalTriggers statusReason postedAt }';

export const RECORD_MOVEMENT = `mutation ($input: RecordMovementInput!) { recordMovement(input: $input) { ${MOVEMENT} userErrors { code field message } } }`;

/** Records a movement through the API with a fresh idempotency key unless one is given. */
export function record(stock: SubgraphUnderTest, input: Record<string, unknown>) {
  return mutate<{ movement: any }>(stock, 'recordMovement', MOVEMENT, { idempotencyKey: randomUUID(), ...input });
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

/**
 * Locations where a serialized part's on-hand balance differs from the
 * number of its assets stock places there (empty when they all agree).
 */
export async function serializedDisagreements(db: Database, partNumberId: string) {
  return db.query(
    'testSerializedDisagreements',
    `WITH units AS (
       SELECT p.location_id, count(*) AS assets FROM stock.asset_position p JOIN stock.movement m ON m.id = p.movement_id
       WHERE m.part_number_id = $1 AND p.location_id IS NOT NULL GROUP BY p.location_id
     )
     SELECT coalesce(b.location_id, u.location_id)::text AS "locationId", coalesce(b.on_hand, 0)::text AS "onHand", coalesce(u.assets, 0)::int AS assets
     FROM (SELECT * FROM stock.balance WHERE part_number_id = $1) b FULL JOIN units u USING (location_id)
     WHERE coalesce(b.on_hand, 0) <> coalesce(u.assets, 0)`,
    [partNumberId],
  );
}

/** A stock subgraph under test with what most stock tests start from. */
export interface StockFixture {
  readonly stock: SubgraphUnderTest;
  readonly bus: EventBus;
  /** A warehouse of the fixture's own, with `bin` inside it. */
  readonly warehouse: Place;
  readonly bin: Place;
  /** A project site, a root of its own. */
  readonly site: Place;
  /** A new bulk part number with `quantity` received into `bin`. */
  stockedPart(quantity: string): Promise<{ id: string; code: string }>;
}

/**
 * Starts the stock subgraph on the test database with an event bus to feed
 * it catalog and approval events, and a warehouse, a bin and a site of its
 * own. `stock.stop()` stops it all.
 */
export async function startStockFixture(): Promise<StockFixture> {
  const stock = await startSubgraphForTest(start, inject('databaseUrl'));
  try {
    const bus = new EventBus(stock.db);
    const warehouse = await createLocation(stock, { type: 'WAREHOUSE' });
    const bin = await createLocation(stock, { type: 'BIN', parentId: warehouse.id });
    const site = await createLocation(stock, { type: 'PROJECT_SITE' });
    return {
      stock,
      bus,
      warehouse,
      bin,
      site,
      async stockedPart(quantity) {
        const part = await createPart(stock.db, bus);
        await record(stock, { type: 'INBOUND', partNumberId: part.id, quantity, toLocationId: bin.id });
        return part;
      },
    };
  } catch (error) {
    await stock.stop();
    throw error;
  }
}
