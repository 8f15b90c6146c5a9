import { describe, expect, it } from 'vitest';
import { parentRefusal, wouldCreateCycle } from './location-rules.ts';

describe('location parent rules', () => {
  it('lets bins sit in shelves and warehouses, and nothing sit in a bin', () => {
    expect(parentRefusal('BIN', 'SHELF')).toBeNull();
    expect(parentRefusal('BIN', 'WAREHOUSE')).toBeNull();
    expect(parentRefusal('BIN', null)).toBe('A BIN location needs a SHELF or a WAREHOUSE or a VEHICLE, not no parent.');
    for (const type of ['WAREHOUSE', 'SHELF', 'BIN', 'PROJECT_SITE', 'VEHICLE', 'EXTERNAL', 'TRANSIT'] as const) {
      expect(parentRefusal(type, 'BIN'), type).not.toBeNull();
    }
  });

  it('keeps transit and external holders at the root', () => {
    expect(parentRefusal('TRANSIT', null)).toBeNull();
    expect(parentRefusal('EXTERNAL', 'WAREHOUSE')).toBe('A EXTERNAL location needs no parent, not a WAREHOUSE.');
  });

  it('sees a cycle when the new parent lies inside the moved location', () => {
    expect(wouldCreateCycle('5', ['1', '5', '9'])).toBe(true);
    expect(wouldCreateCycle('5', ['1', '9'])).toBe(false);
  });
});
