import { decimalPlaces, isDecimal, userError, type UserError } from '@inventory/platform';

/** A part's unit of measure and how finely stock counts it (from catalog's `unitDecimalPlaces`). */
export interface UnitFacts {
  readonly unitOfMeasure: string;
  readonly unitDecimalPlaces: number;
}

/**
 * Why `quantity` cannot be a quantity of a part counted in `unit`, or null
 * when it can: it may have no more decimal places than the unit allows (EA
 * counts whole units). The same rule holds in the database
 * (`stock.quantity_fits_unit`); this says it with the field. A quantity
 * that is no decimal at all is left to the rules that check its form;
 * `unit` is null when stock has no copy of the part.
 */
export function quantityPrecisionRefusal(quantity: string | null, unit: UnitFacts | null, field: readonly string[] = ['input', 'quantity']): UserError | null {
  if (quantity === null || unit === null || !isDecimal(quantity) || decimalPlaces(quantity) <= unit.unitDecimalPlaces) return null;
  const message = unit.unitDecimalPlaces === 0
    ? `This part is counted in whole ${unit.unitOfMeasure}: quantity ${quantity} must be a whole number.`
    : `This part is counted in ${unit.unitOfMeasure} to ${unit.unitDecimalPlaces} decimal places: quantity ${quantity} has more.`;
  return userError('INVALID_VALUE', message, field);
}
