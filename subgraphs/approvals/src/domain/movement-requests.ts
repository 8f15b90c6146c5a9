import { isDecimal } from '@inventory/platform';
import type { ApprovalKind } from '../db/approval-requests.ts';

/** The payload of `stock.movement.approval_requested` (schema/events.md). */
export interface MovementApprovalRequested {
  readonly movementId: string;
  readonly type: string;
  readonly partNumberId: string;
  readonly assetId: string | null;
  readonly quantity: string;
  readonly fromLocationId: string | null;
  readonly toLocationId: string | null;
  readonly unitCost: string | null;
  readonly value: string | null;
  readonly confidenceScore: string | null;
  readonly reason: string | null;
  readonly documentRef: string | null;
  readonly triggers: readonly string[];
  readonly requestedBy: string;
}

const ID = /^[1-9]\d{0,17}$/;

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const id = (value: unknown): string | null => {
  const asText = typeof value === 'number' ? String(value) : text(value);
  return asText !== null && ID.test(asText) ? asText : null;
};
const decimal = (value: unknown): string | null => {
  const asText = typeof value === 'number' ? String(value) : text(value);
  return asText !== null && isDecimal(asText) ? asText.trim() : null;
};

/**
 * Reads the event payload; fields it does not know are ignored. Returns the
 * reason when the payload lacks what a request needs (such an event can
 * never be applied, so it is logged and skipped rather than retried forever).
 */
export function parseMovementApprovalRequested(payload: unknown): { ok: true; event: MovementApprovalRequested } | { ok: false; reason: string } {
  if (typeof payload !== 'object' || payload === null) return { ok: false, reason: 'payload is not an object' };
  const p = payload as Record<string, unknown>;
  const movementId = id(p.movementId);
  const type = text(p.type);
  const partNumberId = id(p.partNumberId);
  const quantity = decimal(p.quantity);
  const requestedBy = text(p.requestedBy);
  if (movementId === null) return { ok: false, reason: 'movementId is missing or malformed' };
  if (type === null || partNumberId === null || quantity === null) return { ok: false, reason: 'type, partNumberId or quantity is missing' };
  if (requestedBy === null) return { ok: false, reason: 'requestedBy is missing' };
  const confidence = decimal(p.confidenceScore);
  return {
    ok: true,
    event: {
      movementId,
      type,
      partNumberId,
      assetId: id(p.assetId),
      quantity,
      fromLocationId: id(p.fromLocationId),
      toLocationId: id(p.toLocationId),
      unitCost: decimal(p.unitCost),
      value: decimal(p.value),
      // A score outside 0..1 is not one the database can hold; the request still opens, without it.
      confidenceScore: confidence !== null && Number(confidence) >= 0 && Number(confidence) <= 1 ? confidence : null,
      reason: text(p.reason),
      documentRef: text(p.documentRef),
      triggers: Array.isArray(p.triggers) ? p.triggers.filter((trigger): trigger is string => typeof trigger === 'string') : [],
      requestedBy,
    },
  };
}

/** A review when stock flagged the movement's data as captured with low confidence; an approval otherwise. */
export function movementRequestKind(event: MovementApprovalRequested): ApprovalKind {
  return event.triggers.includes('LOW_CONFIDENCE') ? 'REVIEW' : 'STOCK_MOVEMENT';
}

/** One-line summary of a movement request for approvers. */
export function movementRequestTitle(event: MovementApprovalRequested): string {
  const route = [event.fromLocationId && `from location ${event.fromLocationId}`, event.toLocationId && `to location ${event.toLocationId}`]
    .filter(Boolean)
    .join(' ');
  const head = `${event.type} of ${event.quantity} of part ${event.partNumberId}${route ? ` ${route}` : ''}`;
  const value = event.value === null ? '' : ` (value ${event.value})`;
  const prefix = movementRequestKind(event) === 'REVIEW' ? `Review ${event.confidenceScore === null ? '' : `(confidence ${event.confidenceScore}) `}` : '';
  const reason = event.reason ? `: ${event.reason}` : '';
  return `${prefix}${head}${value}${reason}`;
}
