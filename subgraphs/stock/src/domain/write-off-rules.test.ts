import { describe, expect, it } from 'vitest';
import { isWrittenOffStatus, takesOutOfStock, writeOffKey, writeOffMovement } from './write-off-rules.ts';

describe('write-offs', () => {
  it('knows the statuses in which an asset may only leave stock', () => {
    expect(['SCRAPPED', 'LOST', 'DISPOSED'].map(isWrittenOffStatus)).toEqual([true, true, true]);
    expect(['AVAILABLE', 'IN_USE', 'MAINTENANCE'].map(isWrittenOffStatus)).toEqual([false, false, false]);
  });

  it('lets only an issue or a removing adjustment take a unit out', () => {
    expect(takesOutOfStock({ type: 'OUTBOUND', fromLocationId: '1', toLocationId: null })).toBe(true);
    expect(takesOutOfStock({ type: 'ADJUSTMENT', fromLocationId: '1', toLocationId: null })).toBe(true);
    expect(takesOutOfStock({ type: 'OUTBOUND', fromLocationId: '1', toLocationId: '2' })).toBe(false);
    expect(takesOutOfStock({ type: 'TRANSFER', fromLocationId: '1', toLocationId: '2' })).toBe(false);
    expect(takesOutOfStock({ type: 'ADJUSTMENT', fromLocationId: null, toLocationId: '2' })).toBe(false);
    expect(takesOutOfStock({ type: 'INBOUND', fromLocationId: null, toLocationId: '2' })).toBe(false);
  });

  it('writes an asset off once per status change, as a posted issue of its unit', () => {
    expect(writeOffKey('7', '2026-03-01T09:30:00.123456Z')).toBe('asset-write-off:7:2026-03-01T09:30:00.123456Z');
    expect(writeOffMovement({ id: '7', partNumberId: '3', status: 'SCRAPPED' }, '12', 'k', 'system')).toMatchObject({
      type: 'OUTBOUND', status: 'POSTED', assetId: '7', partNumberId: '3', quantity: '1', fromLocationId: '12', toLocationId: null,
      documentType: 'WRITE_OFF', reason: 'Written off: asset SCRAPPED', idempotencyKey: null, systemKey: 'k',
    });
  });
});
