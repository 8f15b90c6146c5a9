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
