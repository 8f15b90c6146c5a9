import { userError } from '@inventory/platform';
import { describe, expect, it } from 'vitest';
import { restsOnCatalogCopy } from './catalog-facts.ts';

describe('refusals that rest on stock\'s copy of catalog', () => {
  it('are those about the named part or asset that its copied facts decide', () => {
    expect(restsOnCatalogCopy(userError('NOT_FOUND', 'Part number 7 is not known to stock.', ['input', 'partNumberId']))).toBe(true);
    expect(restsOnCatalogCopy(userError('NOT_FOUND', 'Asset 9 is not known to stock.', ['input', 'assetId']))).toBe(true);
    expect(restsOnCatalogCopy(userError('INVALID_VALUE', 'The part number is inactive.', ['input', 'partNumberId']))).toBe(true);
    expect(restsOnCatalogCopy(userError('INVALID_TRANSITION', 'Asset 9 is SCRAPPED.', ['input', 'assetId']))).toBe(true);
  });

  it('are never those about stock\'s own state or other inputs', () => {
    expect(restsOnCatalogCopy(userError('INSUFFICIENT_STOCK', 'Not enough.', ['input', 'quantity']))).toBe(false);
    expect(restsOnCatalogCopy(userError('CONFLICT', 'Key reused.', ['input', 'idempotencyKey']))).toBe(false);
    expect(restsOnCatalogCopy(userError('NOT_FOUND', 'Location 3 does not exist.', ['input', 'toLocationId']))).toBe(false);
    expect(restsOnCatalogCopy(userError('NOT_FOUND', 'No such thing.', null))).toBe(false);
  });
});
