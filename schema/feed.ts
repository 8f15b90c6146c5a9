import { z } from 'zod';

/**
 * The public change feed's contract: the business events partners,
 * browsers and webhooks read (schema/events.md, "The change feed"). Unlike
 * the outbox topics between subgraphs, these are a published API: fields are
 * added, never removed or renamed. A field that does not apply to an event
 * is absent rather than null.
 */

const id = z.string().regex(/^[1-9]\d{0,17}$/, 'not a database id');
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'not a plain decimal');
const text = z.string().min(1);
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/, 'not an ISO timestamp');
const movementType = z.enum(['INBOUND', 'OUTBOUND', 'TRANSFER', 'ADJUSTMENT', 'RESERVATION', 'RELEASE', 'RETURN']);
const assetStatus = z.enum(['AVAILABLE', 'IN_USE', 'MAINTENANCE', 'RESERVED', 'SCRAPPED', 'LOST', 'RETURNED']);

const movement = {
  movementId: id,
  type: movementType,
  partNumberId: id,
  assetId: id.optional(),
  quantity: decimal,
  fromLocationId: id.optional(),
  toLocationId: id.optional(),
  documentRef: z.string().optional(),
};

export const FEED_PAYLOADS = {
  'movement.posted': z.object({ ...movement, postedAt: instant }),
  'movement.rejected': z.object(movement),
  'approval.requested': z.object({
    requestId: id,
    kind: z.enum(['STOCK_MOVEMENT', 'ASSET_ACTION', 'REVIEW']),
    title: text,
    movementId: id.optional(),
    assetId: id.optional(),
    action: z.enum(['ASSIGN', 'RETURN', 'MOVE', 'REPAIR', 'DISPOSE']).optional(),
    value: decimal.optional(),
    requestedBy: text,
  }),
  'approval.decided': z.object({
    requestId: id,
    kind: z.enum(['STOCK_MOVEMENT', 'ASSET_ACTION', 'REVIEW']),
    status: z.enum(['APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED']),
    movementId: id.optional(),
    assetId: id.optional(),
    action: z.enum(['ASSIGN', 'RETURN', 'MOVE', 'REPAIR', 'DISPOSE']).optional(),
    decidedAt: instant,
  }),
  'stock.below_reorder_point': z.object({ partNumberId: id, code: text, available: decimal, reorderPoint: decimal, minimumStock: decimal }),
  'asset.status_changed': z.object({ assetId: id, serialNumber: text, partNumberId: id, from: assetStatus, to: assetStatus }),
  'reservation.expired': z.object({
    reservationId: id,
    partNumberId: id,
    locationId: id,
    quantity: decimal,
    project: z.string().optional(),
    expiresAt: instant,
  }),
  'webhook.disabled': z.object({ webhookId: id, owner: text, url: text, reason: text }),
} as const;

export type FeedTopic = keyof typeof FEED_PAYLOADS;
export type FeedPayload<T extends FeedTopic> = z.infer<(typeof FEED_PAYLOADS)[T]>;
export const FEED_TOPICS = Object.keys(FEED_PAYLOADS) as FeedTopic[];

export function isFeedTopic(topic: string): topic is FeedTopic {
  return Object.hasOwn(FEED_PAYLOADS, topic);
}

/** Approvals are internal business: partners see stock, movements and assets, not who asked or decided what. */
const PARTNER_TOPICS: ReadonlySet<FeedTopic> = new Set(['movement.posted', 'movement.rejected', 'stock.below_reorder_point', 'asset.status_changed', 'reservation.expired']);

/** Other callers' webhooks (their URLs may carry secrets): for admins only. */
const ADMIN_TOPICS: ReadonlySet<FeedTopic> = new Set(['webhook.disabled']);

/** The feed topics a caller with `roles` may read. */
export function feedTopicsFor(roles: readonly string[]): FeedTopic[] {
  if (roles.includes('admin')) return [...FEED_TOPICS];
  if (roles.some((role) => role !== 'partner')) return FEED_TOPICS.filter((topic) => !ADMIN_TOPICS.has(topic));
  return FEED_TOPICS.filter((topic) => PARTNER_TOPICS.has(topic));
}

/** Checks a feed payload against its contract (tests and readers that want types). */
export function parseFeedPayload<T extends FeedTopic>(topic: T, payload: unknown): FeedPayload<T> {
  return FEED_PAYLOADS[topic].parse(payload) as FeedPayload<T>;
}
