import { describe, expect, it } from 'vitest';
import { hashRequest, keyReuseRefusal } from './idempotency.ts';

describe('idempotency keys', () => {
  it('hashes the same input the same, whatever the order of its fields or the absence of empty ones', () => {
    expect(hashRequest({ quantity: '5', partNumberId: '7', reason: null })).toBe(hashRequest({ partNumberId: '7', quantity: '5', reason: undefined }));
    expect(hashRequest({ quantity: '5', partNumberId: '7' })).not.toBe(hashRequest({ quantity: '6', partNumberId: '7' }));
  });

  it('accepts a key again with its first input and refuses it with any other', () => {
    const requestHash = hashRequest({ quantity: '5' });
    expect(keyReuseRefusal({ requestHash }, requestHash, 'movement')).toBeNull();
    expect(keyReuseRefusal({ requestHash }, hashRequest({ quantity: '6' }), 'reservation')).toEqual({
      code: 'CONFLICT', field: ['input', 'idempotencyKey'], message: 'This idempotency key was already used for a different reservation; use a new key.',
    });
  });
});
