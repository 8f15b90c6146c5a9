import { compareDecimals, hasAtMostDecimalPlaces, isStorableDecimal, userError, type UserError } from '@inventory/platform';
import type { MovementType, NewMovement } from '../db/movements.ts';
import { CONFIDENCE_SCORE_PLACES } from '@inventory/schema/events';
import { quantityPrecisionRefusal, type UnitFacts } from './unit-rules.ts';
import { isReceipt } from './valuation.ts';
import { isWrittenOffStatus, takesOutOfStock } from './write-off-rules.ts';

/**
 * What `recordMovement` asks for, normalised (ids validated, absent values
 * null): the columns of a ledger entry that the caller chooses.
 */
export type MovementRequest = Omit<NewMovement, 'idempotencyKey' | 'requestHash' | 'status' | 'approvalTriggers' | 'reservationId' | 'createdBy'>;

/** The catalog facts about a part number that stock keeps a copy of. */
export interface PartFacts extends UnitFacts {
  readonly serialized: boolean;
  readonly active: boolean;
}

/** The catalog facts about an asset that stock keeps a copy of. */
export interface AssetFacts {
  readonly partNumberId: string;
  readonly status: string;
}

/**
 * Decimal places of a confidence score: the precision it is stored at
 * (`numeric(5, 4)` in stock and approvals), so the score the approval rule
 * judges is the score every subgraph keeps. More places are refused, never
 * rounded: 0.79999 would be judged low and stored as 0.8.
 */
export const CONFIDENCE_PLACES = CONFIDENCE_SCORE_PLACES;

/** Whether `text` is a confidence score: 0 to 1, at most `CONFIDENCE_PLACES` decimal places. */
export function isConfidenceScore(text: string): boolean {
  return hasAtMostDecimalPlaces(text, CONFIDENCE_PLACES) && compareDecimals(text, '0') >= 0 && compareDecimals(text, '1') <= 0;
}

/** Movement types that change on-hand stock (reservations change only what is reserved). */
export const ON_HAND_TYPES: readonly MovementType[] = ['INBOUND', 'OUTBOUND', 'TRANSFER', 'ADJUSTMENT', 'RETURN'];

const RECEIVING: readonly MovementType[] = ['INBOUND', 'RETURN', 'TRANSFER'];

const field = (name: string) => ['input', name];

/**
 * The refusals a movement request earns before any stock is looked at: the
 * locations its type needs, a positive quantity, a reason for adjustments,
 * and the serialized-part rules (an asset of that part, quantity 1).
 * `part` or `asset` is null when stock has no copy of it.
 */
export function checkMovementRequest(request: MovementRequest, part: PartFacts | null, asset: AssetFacts | null): UserError[] {
  const errors: UserError[] = [];
  const { type, fromLocationId: from, toLocationId: to } = request;
  if (type === 'RESERVATION' || type === 'RELEASE') {
    errors.push(userError('INVALID_VALUE', `${type} movements are recorded by reserveStock and releaseReservation.`, field('type')));
    return errors;
  }
  if (type === 'INBOUND' && (to === null || from !== null)) {
    errors.push(userError('INVALID_VALUE', 'An INBOUND movement names toLocationId only.', field(to === null ? 'toLocationId' : 'fromLocationId')));
  }
  if (type === 'OUTBOUND' && from === null) {
    errors.push(userError('INVALID_VALUE', 'An OUTBOUND movement needs fromLocationId.', field('fromLocationId')));
  }
  if (type === 'TRANSFER' && (from === null || to === null)) {
    errors.push(userError('INVALID_VALUE', 'A TRANSFER needs both fromLocationId and toLocationId.', field(from === null ? 'fromLocationId' : 'toLocationId')));
  }
  if (type === 'RETURN' && to === null) {
    errors.push(userError('INVALID_VALUE', 'A RETURN needs toLocationId.', field('toLocationId')));
  }
  if (type === 'ADJUSTMENT') {
    if ((from === null) === (to === null)) {
      errors.push(userError('INVALID_VALUE', 'An ADJUSTMENT names exactly one location: fromLocationId to remove stock, toLocationId to add it.', field('fromLocationId')));
    }
    if (!request.reason?.trim()) errors.push(userError('INVALID_VALUE', 'An ADJUSTMENT needs a reason.', field('reason')));
  }
  if (from !== null && from === to) {
    errors.push(userError('INVALID_VALUE', 'fromLocationId and toLocationId must differ.', field('toLocationId')));
  }
  if (!isStorableDecimal(request.quantity) || compareDecimals(request.quantity, '0') <= 0) {
    errors.push(userError('INVALID_VALUE', 'quantity must be a positive number with at most six decimal places.', field('quantity')));
  }
  if (request.unitCost !== null && (!isStorableDecimal(request.unitCost) || compareDecimals(request.unitCost, '0') < 0)) {
    errors.push(userError('INVALID_VALUE', 'unitCost must be zero or more, with at most six decimal places.', field('unitCost')));
  } else if (request.unitCost !== null && !isReceipt(type)) {
    errors.push(userError('INVALID_VALUE', `Only an INBOUND receipt names its unitCost; a ${type} carries the part's average cost.`, field('unitCost')));
  }
  if (request.confidenceScore !== null && !isConfidenceScore(request.confidenceScore)) {
    errors.push(userError('INVALID_VALUE', `confidenceScore must be between 0 and 1, with at most ${CONFIDENCE_PLACES} decimal places.`, field('confidenceScore')));
  }
  if (part === null) {
    errors.push(userError('NOT_FOUND', `Part number ${request.partNumberId} is not known to stock.`, field('partNumberId')));
    return errors;
  }
  if (!part.active && RECEIVING.includes(type)) {
    errors.push(userError('INVALID_VALUE', 'The part number is inactive; it can leave stock but not be received or moved.', field('partNumberId')));
  }
  const imprecise = quantityPrecisionRefusal(request.quantity, part);
  if (imprecise) errors.push(imprecise);
  if (part.serialized) {
    if (request.assetId === null) {
      errors.push(userError('INVALID_VALUE', 'The part number is serialized: name the asset moved.', field('assetId')));
    } else if (isStorableDecimal(request.quantity) && compareDecimals(request.quantity, '1') !== 0) {
      errors.push(userError('INVALID_VALUE', 'A serialized asset moves with quantity 1.', field('quantity')));
    }
  } else if (request.assetId !== null) {
    errors.push(userError('INVALID_VALUE', 'The part number is not serialized: movements of it name no asset.', field('assetId')));
  }
  if (request.assetId !== null && part.serialized) {
    if (asset === null) {
      errors.push(userError('NOT_FOUND', `Asset ${request.assetId} is not known to stock.`, field('assetId')));
    } else if (asset.partNumberId !== request.partNumberId) {
      errors.push(userError('INVALID_VALUE', `Asset ${request.assetId} is a unit of part number ${asset.partNumberId}, not ${request.partNumberId}.`, field('assetId')));
    } else if (isWrittenOffStatus(asset.status) && !takesOutOfStock(request)) {
      errors.push(userError(
        'INVALID_TRANSITION',
        `Asset ${request.assetId} is ${asset.status}: it can only leave stock (an OUTBOUND, or an ADJUSTMENT from its location), not move or enter it.`,
        field('assetId'),
      ));
    }
  }
  return errors;
}

/**
 * The refusals about the locations a movement names (`found` holds those
 * that exist, by id): each must exist, and the receiving one must be
 * active.
 */
export function checkMovementLocations(request: Pick<MovementRequest, 'fromLocationId' | 'toLocationId'>, found: ReadonlyMap<string, { readonly code: string; readonly active: boolean }>): UserError[] {
  const errors: UserError[] = [];
  for (const [name, id] of [['fromLocationId', request.fromLocationId], ['toLocationId', request.toLocationId]] as const) {
    if (id === null) continue;
    const location = found.get(id);
    if (!location) errors.push(userError('NOT_FOUND', `Location ${id} does not exist.`, field(name)));
    else if (name === 'toLocationId' && !location.active) errors.push(userError('INVALID_VALUE', `Location ${location.code} is inactive and accepts no stock.`, field(name)));
  }
  return errors;
}

/** The configurable stock rules that send a movement to approval. */
export interface ApprovalRules {
  /** Every ADJUSTMENT needs approval. */
  readonly adjustments: boolean;
  /** A movement whose value (quantity × the server's unit cost) reaches this needs approval; null turns the rule off. */
  readonly valueThreshold: string | null;
  /** A movement whose confidence score is below this needs approval; null turns the rule off. */
  readonly confidenceThreshold: string | null;
}

export const DEFAULT_APPROVAL_RULES: ApprovalRules = { adjustments: true, valueThreshold: '10000', confidenceThreshold: '0.8' };

export type ApprovalTrigger = 'ADJUSTMENT' | 'VALUE_THRESHOLD' | 'LOW_CONFIDENCE';

/**
 * Which rules send this movement to approval; empty when it may post at
 * once. `value` is the server's valuation of the movement
 * (`valueForApproval` in valuation.ts), never a client's cost alone.
 */
export function approvalTriggers(request: Pick<MovementRequest, 'type' | 'confidenceScore'>, rules: ApprovalRules, value: string): ApprovalTrigger[] {
  const triggers: ApprovalTrigger[] = [];
  if (rules.adjustments && request.type === 'ADJUSTMENT') triggers.push('ADJUSTMENT');
  if (rules.valueThreshold !== null && compareDecimals(value, rules.valueThreshold) >= 0) triggers.push('VALUE_THRESHOLD');
  if (rules.confidenceThreshold !== null && request.confidenceScore !== null && compareDecimals(request.confidenceScore, rules.confidenceThreshold) < 0) {
    triggers.push('LOW_CONFIDENCE');
  }
  return triggers;
}
