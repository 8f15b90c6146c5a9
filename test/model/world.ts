import { randomUUID } from 'node:crypto';
import type { Database } from '@inventory/platform';
import type { Stack } from '../support/stack.ts';

/** The keys the model drives the system with: writes as an operator, decisions as two different approvers. */
export const OPERATOR = 'dev-operator';
export const APPROVERS = ['dev-approver', 'dev-admin'] as const;

/** How often each mutation answered with its object and how often it was refused, over every world of a process. */
export const outcomes = new Map<string, { done: number; refused: number; codes: Set<string> }>();

function tally(data: Record<string, unknown> | undefined): void {
  for (const [field, payload] of Object.entries(data ?? {})) {
    const errors = (payload as { userErrors?: unknown[] } | null)?.userErrors;
    if (!Array.isArray(errors)) continue;
    const entry = outcomes.get(field) ?? { done: 0, refused: 0, codes: new Set<string>() };
    if (errors.length === 0) entry.done++;
    else entry.refused++;
    for (const error of errors as { code: string }[]) entry.codes.add(error.code);
    outcomes.set(field, entry);
  }
}

/** A location of a world, with what the location rules need to move it. */
export interface Place {
  readonly id: string;
  readonly code: string;
  readonly type: 'WAREHOUSE' | 'SHELF' | 'BIN';
}

/** A keyed write sent once, kept so a later step can send it again. */
export interface SentWrite {
  readonly mutation: 'recordMovement' | 'reserveStock';
  readonly input: Record<string, unknown>;
  /** What the first answer held: the movement's or reservation's id, or null when refused. */
  readonly resultId: string | null;
}

/**
 * One run's own slice of the system: part numbers, assets and locations
 * made for it through the gateway (codes carry the run's tag, so runs and
 * other tests never share anything), and what the run has done so far.
 * Operations name entities by index, modulo the lists' lengths, so any
 * generated (or shrunk) sequence applies to any world.
 */
export class World {
  readonly tag: string;
  readonly stack: Stack;
  readonly db: Database;
  /** Two bulk part numbers, then one serialized. */
  readonly parts: string[] = [];
  readonly serializedPart: string;
  readonly assets: string[] = [];
  /** Two warehouses, a shelf and three bins (see `create`). */
  readonly places: Place[] = [];
  readonly sent: SentWrite[] = [];
  readonly reservations: string[] = [];
  /** Stock's reservation-expiry worker, run on demand. */
  readonly expiry: { runNow(): Promise<unknown> };
  #requests = 0;

  private constructor(stack: Stack, db: Database, expiry: World['expiry'], tag: string, serializedPart: string) {
    this.stack = stack;
    this.db = db;
    this.expiry = expiry;
    this.tag = tag;
    this.serializedPart = serializedPart;
  }

  /** The request id prefix of this world: every event its requests cause carries it. */
  get requestPrefix(): string {
    return `model-${this.tag}-`;
  }

  /**
   * Sends one operation to the gateway as `key`, under a request id of this
   * world. A top-level error is a failure of the system, never an accepted
   * outcome, and throws.
   */
  async call<Data = any>(query: string, variables: Record<string, unknown>, key: string = OPERATOR): Promise<Data> {
    const requestId = `${this.requestPrefix}${++this.#requests}`;
    const { status, body } = await this.stack.execute(query, variables, { 'x-api-key': key, 'x-request-id': requestId });
    if (status !== 200 || body.errors) throw new Error(`request ${requestId} failed (${status}): ${JSON.stringify(body.errors)}\n${query}\n${JSON.stringify(variables)}`);
    tally(body.data);
    return body.data as Data;
  }

  part(index: number): string {
    return this.parts[index % this.parts.length]!;
  }

  asset(index: number): string {
    return this.assets[index % this.assets.length]!;
  }

  place(index: number): Place {
    return this.places[index % this.places.length]!;
  }

  /** One of the bins (where the world's stock starts). */
  bin(index: number): Place {
    const bins = this.places.filter((place) => place.type === 'BIN');
    return bins[index % bins.length]!;
  }

  isSerialized(partNumberId: string): boolean {
    return partNumberId === this.serializedPart;
  }

  /**
   * Makes a fresh world: parts PN-<tag>-A and -B (bulk) and -S (serialized,
   * with `assetCount` assets), and the tree W1 > S1 > {B1, B2}, W2 > B3.
   */
  static async create(stack: Stack, db: Database, expiry: World['expiry'], assetCount = 3): Promise<World> {
    const tag = randomUUID().slice(0, 8).toUpperCase();
    const probe = new World(stack, db, expiry, tag, '');
    const createPart = async (suffix: string, serialized: boolean) => {
      const data = await probe.call(
        `mutation ($input: CreatePartNumberInput!) { createPartNumber(input: $input) { partNumber { id } userErrors { code message } } }`,
        { input: { code: `PN-M-${tag}-${suffix}`, description: `Model part ${suffix}`, serialized } },
      );
      return data.createPartNumber.partNumber.id as string;
    };
    const bulkA = await createPart('A', false);
    const bulkB = await createPart('B', false);
    const serial = await createPart('S', true);
    const world = new World(stack, db, expiry, tag, serial);
    world.#requests = probe.#requests;
    world.parts.push(bulkA, bulkB, serial);
    for (let n = 0; n < assetCount; n++) {
      const data = await world.call(
        `mutation ($input: CreateAssetInput!) { createAsset(input: $input) { asset { id } userErrors { code message } } }`,
        { input: { partNumberId: serial, serialNumber: `SN-M-${tag}-${n}` } },
      );
      world.assets.push(data.createAsset.asset.id);
    }
    const createPlace = async (suffix: string, type: Place['type'], parent: Place | null) => {
      const code = `M-${tag}-${suffix}`;
      const data = await world.call(
        `mutation ($input: CreateLocationInput!) { createLocation(input: $input) { location { id } userErrors { code message } } }`,
        { input: { code, name: `Model ${suffix}`, type, parentId: parent?.id ?? null } },
      );
      const place: Place = { id: data.createLocation.location.id, code, type };
      world.places.push(place);
      return place;
    };
    const w1 = await createPlace('W1', 'WAREHOUSE', null);
    const s1 = await createPlace('S1', 'SHELF', w1);
    await createPlace('B1', 'BIN', s1);
    await createPlace('B2', 'BIN', s1);
    const w2 = await createPlace('W2', 'WAREHOUSE', null);
    await createPlace('B3', 'BIN', w2);
    // Something to work with: each bulk part in every bin, the assets spread over the bins.
    const bins = world.places.filter((place) => place.type === 'BIN');
    const receive = (input: Record<string, unknown>) =>
      world.call(`mutation ($input: RecordMovementInput!) { recordMovement(input: $input) { movement { id } userErrors { code message } } }`, {
        input: { idempotencyKey: randomUUID(), type: 'INBOUND', unitCost: '5', ...input },
      });
    for (const bin of bins) {
      for (const part of [bulkA, bulkB]) await receive({ partNumberId: part, quantity: '10', toLocationId: bin.id });
    }
    for (const [n, asset] of world.assets.entries()) await receive({ partNumberId: serial, assetId: asset, quantity: '1', toLocationId: bins[n % bins.length]!.id });
    return world;
  }
}

/** Which consumer schemas apply each topic (see each subgraph's `events/consumed.ts`). */
const CONSUMERS: Readonly<Record<string, readonly string[]>> = {
  'catalog.part_number.saved': ['stock'],
  'catalog.asset.saved': ['stock'],
  'stock.movement.approval_requested': ['approvals'],
  'approvals.request.decided': ['stock', 'catalog'],
};

/**
 * Resolves once every event the world's requests caused has been applied by
 * every consumer of its topic (events cause events: a decision publishes
 * one), or throws after `timeoutMs` naming what is still waiting.
 */
export async function settle(world: World, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pairs = Object.entries(CONSUMERS).flatMap(([topic, schemas]) => schemas.map((schema) => ({ topic, schema })));
  for (;;) {
    const checks = pairs.map(
      ({ topic, schema }) =>
        `SELECT e.id, e.topic, '${schema}' AS consumer FROM outbox.event e
         WHERE e.topic = '${topic}' AND e.request_id LIKE $1
           AND NOT EXISTS (SELECT 1 FROM ${schema}.inbox i WHERE i.event_id = e.id)`,
    );
    const waiting = await world.db.query<{ id: string; topic: string; consumer: string }>('modelWaitingEvents', checks.join(' UNION ALL '), [`${world.requestPrefix}%`]);
    if (waiting.length === 0) return;
    if (Date.now() > deadline) throw new Error(`events not applied within ${timeoutMs} ms: ${JSON.stringify(waiting)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
