import { compareDecimals, fitsNumeric, userError, type UserError } from '@inventory/platform';
import type { LocationType } from '../db/locations.ts';

/**
 * Which kinds of location may sit inside which (`null` = may be a root).
 * Warehouses nest (a zone is a warehouse inside a warehouse); a shelf sits
 * in a warehouse or a vehicle; a bin in a shelf, a warehouse or a vehicle;
 * nothing sits in a bin. Project sites are roots or sub-sites; vehicles are
 * roots or belong to a site or warehouse; transit and external holders are
 * roots. Kept in step with the `LocationType` descriptions in schema.graphql.
 */
const ALLOWED_PARENTS: Readonly<Record<LocationType, readonly (LocationType | null)[]>> = {
  WAREHOUSE: [null, 'WAREHOUSE'],
  SHELF: ['WAREHOUSE', 'VEHICLE'],
  BIN: ['SHELF', 'WAREHOUSE', 'VEHICLE'],
  PROJECT_SITE: [null, 'PROJECT_SITE'],
  VEHICLE: [null, 'PROJECT_SITE', 'WAREHOUSE'],
  EXTERNAL: [null],
  TRANSIT: [null],
};

/** Why a `type` location may not sit under a `parentType` one (null for a root), or null when it may. */
export function parentRefusal(type: LocationType, parentType: LocationType | null): string | null {
  if (ALLOWED_PARENTS[type].includes(parentType)) return null;
  const allowed = ALLOWED_PARENTS[type].map((each) => (each === null ? 'no parent' : `a ${each}`)).join(' or ');
  const actual = parentType === null ? 'no parent' : `a ${parentType}`;
  return `A ${type} location needs ${allowed}, not ${actual}.`;
}

/** Whether putting a location under `newParentPath` would put it inside itself. */
export function wouldCreateCycle(locationId: string, newParentPath: readonly string[]): boolean {
  return newParentPath.includes(locationId);
}

/** The numbers a location describes itself with. */
export interface LocationNumbers {
  readonly latitude: string | null;
  readonly longitude: string | null;
  readonly capacity: string | null;
}

/**
 * The refusals a location's numbers earn, each naming its field: latitude
 * -90 to 90 and longitude -180 to 180 in degrees with at most six decimal
 * places (`numeric(9, 6)`), capacity zero or more (`numeric(20, 6)`).
 * Checked before the database would round them or refuse them as an
 * internal error.
 */
export function checkLocationNumbers(numbers: LocationNumbers): UserError[] {
  const errors: UserError[] = [];
  const degrees = (name: 'latitude' | 'longitude', limit: string) => {
    const value = numbers[name];
    if (value === null) return;
    if (!fitsNumeric(value, 9, 6) || compareDecimals(value, `-${limit}`) < 0 || compareDecimals(value, limit) > 0) {
      errors.push(userError('INVALID_VALUE', `${name} must be between -${limit} and ${limit} degrees, with at most six decimal places.`, ['input', name]));
    }
  };
  degrees('latitude', '90');
  degrees('longitude', '180');
  const { capacity } = numbers;
  if (capacity !== null && (!fitsNumeric(capacity, 20, 6) || compareDecimals(capacity, '0') < 0)) {
    errors.push(userError('INVALID_VALUE', 'capacity must be zero or more, at most 14 digits before the decimal point and six after it.', ['input', 'capacity']));
  }
  return errors;
}
