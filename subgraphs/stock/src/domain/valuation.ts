import { compareDecimals, fromMicros, isStorableDecimal, multiplyDecimals, toMicros } from '@inventory/platform';
import type { MovementType } from '../db/movements.ts';

/**
 * Stock's costing method: a moving weighted average per part number.
 * Only a receipt (`INBOUND`) changes it; every other movement (issues,
 * transfers, returns, adjustments, reservations) carries the average as it
 * is and never sets it. Stock value is the sum of quantity × average cost.
 */

/** Whether a movement of this type is a receipt, the only kind that sets a part's cost. */
export function isReceipt(type: MovementType): boolean {
  return type === 'INBOUND';
}

/**
 * The average cost of one unit after receiving `quantity` at `unitCost`
 * onto `onHand` units valued at `averageCost`:
 * (onHand × average + quantity × unitCost) / (onHand + quantity), rounded
 * half up to six decimal places. With nothing on hand, the receipt's cost.
 */
export function averageCostAfterReceipt(onHand: string, averageCost: string, quantity: string, unitCost: string): string {
  const held = toMicros(onHand);
  const received = toMicros(quantity);
  if (held <= 0n) return fromMicros(toMicros(unitCost));
  const total = held + received;
  // Both products are in millionths squared; dividing by millionths leaves millionths.
  const numerator = held * toMicros(averageCost) + received * toMicros(unitCost);
  return fromMicros((numerator + total / 2n) / total);
}

/**
 * The unit cost a new movement carries: a receipt's own cost (the
 * average when it names none); for every other movement the part's
 * average, whatever the client sent.
 */
export function carriedUnitCost(type: MovementType, clientUnitCost: string | null, averageCost: string): string {
  return isReceipt(type) && clientUnitCost !== null ? clientUnitCost : averageCost;
}

/**
 * The value the approval rule judges, from the server's valuation: quantity
 * × the average cost, or for a receipt × its own cost when that is higher.
 * A client's cost can raise a receipt's value, never lower it below what
 * the same units are worth in stock.
 */
export function valueForApproval(type: MovementType, quantity: string, clientUnitCost: string | null, averageCost: string): string {
  const cost = isReceipt(type) && clientUnitCost !== null && compareDecimals(clientUnitCost, averageCost) > 0 ? clientUnitCost : averageCost;
  return multiplyDecimals(quantity, cost);
}

/** Whether the ledger and the approval request can store this value (fourteen digits before the point). */
export function isStorableValue(value: string): boolean {
  return isStorableDecimal(value);
}
