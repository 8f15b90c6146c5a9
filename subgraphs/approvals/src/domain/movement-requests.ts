import { compareDecimals, hasAtMostDecimalPlaces } from '@inventory/platform';
import { CONFIDENCE_SCORE_PLACES, type EventPayload } from '@inventory/schema/events';
import type { ApprovalKind } from '../db/approval-requests.ts';

type MovementApprovalRequested = EventPayload<'stock.movement.approval_requested'>;

/**
 * The movement as its request records it: a confidence score outside 0..1,
 * or with more places than it is stored at (which the database would round,
 * judging another score than stock did), is not one it can hold, so the
 * request opens without it rather than never; a blank reason is no reason.
 */
export function recordableMovement(event: MovementApprovalRequested): MovementApprovalRequested {
  const score = event.confidenceScore;
  const storable = score !== null && hasAtMostDecimalPlaces(score, CONFIDENCE_SCORE_PLACES) && compareDecimals(score, '0') >= 0 && compareDecimals(score, '1') <= 0;
  return { ...event, confidenceScore: storable ? score : null, reason: event.reason?.trim() ? event.reason : null };
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
