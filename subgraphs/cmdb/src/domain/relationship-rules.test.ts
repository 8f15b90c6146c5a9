import { describe, expect, it } from 'vitest';
import { isPairAllowed } from './relationship-rules.ts';
import { statusChangeProblem } from './configuration-items.ts';

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

describe('statusChangeProblem', () => {
  it('lets an active item go to maintenance and back', () => {
    expect(statusChangeProblem('ACTIVE', 'MAINTENANCE')).toBeNull();
    expect(statusChangeProblem('MAINTENANCE', 'ACTIVE')).toBeNull();
  });

  it('keeps RETIRED final and reachable only by retiring', () => {
    expect(statusChangeProblem('RETIRED', 'ACTIVE')).toBe('A retired configuration item cannot change status.');
    expect(statusChangeProblem('ACTIVE', 'RETIRED')).toBe('Use retireConfigurationItem to retire an item.');
  });
});
