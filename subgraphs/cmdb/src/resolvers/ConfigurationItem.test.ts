import { describe, expect, it } from 'vitest';
import { impactDepth } from './ConfigurationItem.ts';

describe('impactDepth', () => {
  it('defaults to 3 and accepts 1 to 10', () => {
    expect(impactDepth(undefined)).toBe(3);
    expect(impactDepth(1)).toBe(1);
    expect(impactDepth(10)).toBe(10);
  });

  it('refuses depths outside 1 to 10 as bad user input', () => {
    for (const depth of [0, 11, -1]) {
      expect(() => impactDepth(depth)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    }
  });
});
