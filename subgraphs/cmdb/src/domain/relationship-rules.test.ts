import { describe, expect, it } from 'vitest';
import { isPairAllowed } from './relationship-rules.ts';

describe('isPairAllowed', () => {
  it('allows any pair when the type lists none', () => {
    expect(isPairAllowed([], '1', '2')).toBe(true);
  });

  it('allows only listed (source, target) pairs, in that direction', () => {
    const pairs = [{ sourceTypeId: '4', targetTypeId: '1' }];
    expect(isPairAllowed(pairs, '4', '1')).toBe(true);
    expect(isPairAllowed(pairs, '1', '4')).toBe(false);
  });
});
