import { readUnappliedEvents, publishEvent, type ConsumerSchema, type OutboxEvent, type Queryable } from '@inventory/platform';
import { z } from 'zod';

/**
 * The outbox's contract, the counterpart of codegen for events: every
 * topic's name, its payload's type and the parser consumers read it with.
 * `schema/events.md` documents the same payloads for people; a test fails
 * when the two disagree. Producers may add fields, never remove or rename
 * one; consumers ignore fields they do not know (the parsers drop them).
 */

const id = z.string().regex(/^[1-9]\d{0,17}$/, 'not a database id');
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'not a plain decimal');
const text = z.string().min(1);
/** `updated_at` as ISO text with microseconds; it increases with every change. */
const version = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/, 'not an ISO timestamp');

/**
 * Decimal places of a movement's confidence score: stock refuses more and
 * approvals stores it at this precision (`numeric(5, 4)`), so both judge
 * the same score.
 */
export const CONFIDENCE_SCORE_PLACES = 4;

const partNumberSaved = z.object({
  partNumberId: id,
  code: text,
  description: z.string(),
  unitOfMeasure: text,
  /** How many decimal places a quantity of the part may have (its unit's precision); absent in events from before units had one. */
  unitDecimalPlaces: z.number().int().min(0).max(6).optional(),
  category: z.string().nullable(),
  subcategory: z.string().nullable(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  serialized: z.boolean(),
  active: z.boolean(),
  reorderPoint: decimal,
  minimumStock: decimal,
  maximumStock: decimal.nullable(),
  leadTimeDays: z.number().int().nullable(),
  costCenter: z.string().nullable(),
  version,
});

const assetSaved = z.object({
  assetId: id,
  partNumberId: id,
  serialNumber: text,
  status: z.enum(['AVAILABLE', 'IN_USE', 'MAINTENANCE', 'RESERVED', 'SCRAPPED', 'LOST', 'RETURNED']),
  condition: text,
  modelId: id.nullable(),
  project: z.string().nullable(),
  /** The value approval policies judge an asset action on; absent from events published before it was added. */
  acquisitionCost: decimal.nullable().optional(),
  version,
});

const movementApprovalRequested = z.object({
  movementId: id,
  type: z.enum(['INBOUND', 'OUTBOUND', 'TRANSFER', 'ADJUSTMENT', 'RESERVATION', 'RELEASE', 'RETURN']),
  partNumberId: id,
  assetId: id.nullable(),
  quantity: decimal,
  fromLocationId: id.nullable(),
  toLocationId: id.nullable(),
  unitCost: decimal.nullable(),
  value: decimal.nullable(),
  confidenceScore: decimal.nullable(),
  reason: z.string().nullable(),
  documentRef: z.string().nullable(),
  triggers: z.array(z.enum(['ADJUSTMENT', 'VALUE_THRESHOLD', 'LOW_CONFIDENCE'])),
  requestedBy: text,
});

const assetAction = z.enum(['ASSIGN', 'RETURN', 'MOVE', 'REPAIR', 'DISPOSE']);

const policySaved = z.object({
  policyId: id,
  code: text,
  subjectKind: z.enum(['STOCK_MOVEMENT', 'ASSET_ACTION']),
  active: z.boolean(),
  assetActions: z.array(assetAction).nullable(),
  minValue: decimal.nullable(),
  maxValue: decimal.nullable(),
  priority: z.number().int(),
});

const requestDecided = z.object({
  requestId: id,
  kind: z.enum(['STOCK_MOVEMENT', 'ASSET_ACTION']),
  outcome: z.enum(['APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED']),
  movementId: id.nullable(),
  assetId: id.nullable(),
  action: assetAction.nullable(),
  actionInput: z.record(z.string(), z.unknown()).nullable(),
  decidedBy: text,
  comment: z.string().nullable(),
  reviewed: z.boolean(),
});

const partNumberHoldingChanged = z.object({
  partNumberId: id,
  holdsStock: z.boolean(),
});

/** Every topic and the schema of its payload. */
export const EVENT_PAYLOADS = {
  'catalog.part_number.saved': partNumberSaved,
  'catalog.asset.saved': assetSaved,
  'stock.movement.approval_requested': movementApprovalRequested,
  'stock.part_number.holding_changed': partNumberHoldingChanged,
  'approvals.policy.saved': policySaved,
  'approvals.request.decided': requestDecided,
} as const;

export type Topic = keyof typeof EVENT_PAYLOADS;
export type EventPayload<T extends Topic> = z.infer<(typeof EVENT_PAYLOADS)[T]>;

/** The subgraphs that publish events. */
export type Producer = 'catalog' | 'stock' | 'cmdb' | 'approvals';

export const TOPICS = Object.keys(EVENT_PAYLOADS) as Topic[];

export function isTopic(topic: string): topic is Topic {
  return Object.hasOwn(EVENT_PAYLOADS, topic);
}

/** A payload that does not match its topic's contract: a producer's bug, never fixed by retrying. */
export class EventPayloadError extends Error {
  constructor(topic: string, issues: string) {
    super(`malformed ${topic} payload: ${issues}`);
    this.name = 'EventPayloadError';
  }
}

/** Reads a payload of `topic`, dropping fields the contract does not know; throws `EventPayloadError` when it breaks the contract. */
export function parseEventPayload<T extends Topic>(topic: T, payload: unknown): EventPayload<T> {
  const result = EVENT_PAYLOADS[topic].safeParse(payload);
  if (!result.success) {
    throw new EventPayloadError(topic, result.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; '));
  }
  return result.data as EventPayload<T>;
}

/**
 * Publishes an event of `topic` in the caller's transaction, checked against
 * the contract at compile time (the payload's type) and at run time (a
 * payload that breaks it throws, rolling the change back, rather than
 * leaving consumers an event they cannot read).
 */
export function publish<T extends Topic>(
  tx: Queryable,
  topic: T,
  payload: EventPayload<T>,
  meta: { readonly producer: Producer; readonly requestId: string | null },
): Promise<string> {
  return publishEvent(tx, { topic, payload: parseEventPayload(topic, payload), producer: meta.producer, requestId: meta.requestId });
}

/** A handler for one topic's events, given the parsed payload. */
export type EventHandler<T extends Topic> = (tx: Queryable, payload: EventPayload<T>, event: OutboxEvent) => Promise<void>;

/** What an outbox consumer needs: the topics it reads and one handler that parses and dispatches. */
export interface Subscription {
  readonly topics: readonly Topic[];
  handle(tx: Queryable, event: OutboxEvent): Promise<void>;
}

/**
 * Builds an outbox consumer's topics and handler from one handler per
 * topic; each gets its payload parsed with the contract. A payload that
 * breaks the contract can never be applied, so `onMalformed` decides its
 * fate (log it and skip, typically) instead of retrying it forever.
 */
export function subscribe(
  handlers: { readonly [T in Topic]?: EventHandler<T> },
  onMalformed: (event: OutboxEvent, error: EventPayloadError) => void,
): Subscription {
  const topics = TOPICS.filter((topic) => handlers[topic] !== undefined);
  return {
    topics,
    async handle(tx, event) {
      if (!isTopic(event.topic)) return;
      const handler = handlers[event.topic] as EventHandler<Topic> | undefined;
      if (!handler) return;
      let payload: EventPayload<Topic>;
      try {
        payload = parseEventPayload(event.topic, event.payload);
      } catch (error) {
        if (!(error instanceof EventPayloadError)) throw error;
        onMalformed(event, error);
        return;
      }
      await handler(tx, payload, event);
    },
  };
}

/**
 * Applies with `handler`, inside the caller's transaction, every event of
 * `topic` published but not yet applied by `schema`'s consumer (with
 * `key`, only those about one entity), so a command judges by a copy that
 * is as new as everything committed before it began. Payloads that break
 * the contract are skipped (the consumer logs them). Returns how many it
 * applied.
 *
 * Caveat: the consumer applies the same events again afterwards, so the
 * handler must keep the newest state (compare a version) rather than apply
 * a change twice.
 */
export async function catchUp<T extends Topic>(
  tx: Queryable,
  schema: ConsumerSchema,
  topic: T,
  handler: EventHandler<T>,
  key: { readonly field: string; readonly value: string } | null = null,
): Promise<number> {
  let applied = 0;
  for (const event of await readUnappliedEvents(tx, schema, topic, key)) {
    const parsed = EVENT_PAYLOADS[topic].safeParse(event.payload);
    if (!parsed.success) continue;
    await handler(tx, parsed.data as EventPayload<T>, event);
    applied++;
  }
  return applied;
}
