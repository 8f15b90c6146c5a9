import { describe, expect, it } from 'vitest';
import { statusChangeProblem } from './configuration-items.ts';

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
