import type { UserError } from '@inventory/platform';

const CATALOG_FIELDS: readonly string[] = ['partNumberId', 'assetId'];
const CATALOG_CODES: readonly string[] = ['NOT_FOUND', 'INVALID_VALUE', 'INVALID_TRANSITION'];

/**
 * Whether a refusal may rest on stock's copy of a catalog fact: it concerns
 * the part number or asset the input names (`input.partNumberId`,
 * `input.assetId`) and says it is unknown, or breaks a rule its copied facts
 * decide (inactive, serialized or not, an asset's status). Refusals about
 * stock's own state (quantities, key reuse) never do.
 */
export function restsOnCatalogCopy(error: UserError): boolean {
  return error.field?.[0] === 'input' && CATALOG_FIELDS.includes(error.field[1] ?? '') && CATALOG_CODES.includes(error.code);
}
