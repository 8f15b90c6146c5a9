import { describe, expect, it } from 'vitest';
import type { DivergenceRow } from '../db/counts.ts';
import { countEntryRefusal, settlingMovement, type CountEntry } from './count-rules.ts';

const entry = (overrides: Partial<CountEntry>): CountEntry => ({ sessionId: '1', partNumberId: '7', locationId: '10', assetId: null, quantity: '3', ...overrides });
const bulk = { serialized: false };
const serialized = { serialized: true };

describe('count rules', () => {
  it('counts bulk parts by quantity and serialized parts by scanning their own assets', () => {
    expect(countEntryRefusal(entry({}), bulk, null)).toBeNull();
    expect(countEntryRefusal(entry({ quantity: '0' }), bulk, null)).toBeNull();
    expect(countEntryRefusal(entry({ assetId: '5', quantity: null }), serialized, { partNumberId: '7' })).toBeNull();
  });

  it('refuses an entry that counts a part the wrong way', () => {
    const refusal = (...args: Parameters<typeof countEntryRefusal>) => {
      const error = countEntryRefusal(...args);
      return error && `${error.code}:${error.field?.join('.')}`;
    };
    expect(refusal(entry({}), null, null)).toBe('NOT_FOUND:input.partNumberId');
    expect(refusal(entry({}), serialized, null)).toBe('INVALID_VALUE:input.assetId');
    expect(refusal(entry({ assetId: '5' }), bulk, null)).toBe('INVALID_VALUE:input.assetId');
    expect(refusal(entry({ assetId: '5' }), serialized, null)).toBe('NOT_FOUND:input.assetId');
    expect(refusal(entry({ assetId: '5' }), serialized, { partNumberId: '8' })).toBe('INVALID_VALUE:input.assetId');
    expect(refusal(entry({ quantity: '-1' }), bulk, null)).toBe('INVALID_VALUE:input.quantity');
    expect(refusal(entry({ quantity: null }), bulk, null)).toBe('INVALID_VALUE:input.quantity');
  });

  it('settles a quantity off by an adjustment at the location, and a moved asset by a transfer from where it was recorded', () => {
    const divergence = (overrides: Partial<DivergenceRow>): DivergenceRow => ({
      id: '4', sessionId: '1', kind: 'QUANTITY_OFF', partNumberId: '7', locationId: '10', assetId: null, recordedLocationId: null,
      expectedQuantity: '10.000000', countedQuantity: '8.000000', movementId: null, refusal: null, supersededBy: null, ...overrides,
    });
    expect(settlingMovement(divergence({}))).toEqual({
      type: 'ADJUSTMENT', partNumberId: '7', assetId: null, quantity: '2', fromLocationId: '10', toLocationId: null, unitCost: null,
      reason: 'Count 1: quantity off', documentRef: 'COUNT-1', documentType: 'COUNT', project: null, costCenter: null, confidenceScore: null,
    });
    expect(settlingMovement(divergence({ kind: 'FOUND', expectedQuantity: '0', countedQuantity: '3' }))).toMatchObject({ quantity: '3', fromLocationId: null, toLocationId: '10' });
    expect(settlingMovement(divergence({ kind: 'MOVED', assetId: '5', recordedLocationId: '11', expectedQuantity: '1', countedQuantity: '1' }))).toMatchObject({
      type: 'TRANSFER', quantity: '1', fromLocationId: '11', toLocationId: '10', assetId: '5', reason: 'Count 1: moved',
    });
  });
});
