import { describe, expect, it } from 'vitest';
import { refuseDelegation } from './delegations.ts';

const now = new Date('2026-05-01T10:00:00Z');
const at = (iso: string) => new Date(iso);

describe('refuseDelegation', () => {
  it('accepts a period that has not ended yet, even one that started before now', () => {
    expect(refuseDelegation('ann', 'bob', at('2026-04-30T00:00:00Z'), at('2026-05-08T00:00:00Z'), now)).toEqual([]);
  });

  it('refuses delegating to oneself, empty names and periods that end before they start or are already over', () => {
    expect(refuseDelegation('ann', 'ann', at('2026-05-02T00:00:00Z'), at('2026-05-03T00:00:00Z'), now)).toEqual([
      { code: 'INVALID_VALUE', message: 'An approver cannot delegate to themselves.', field: ['input', 'delegate'] },
    ]);
    expect(refuseDelegation('ann', ' ', at('2026-05-03T00:00:00Z'), at('2026-05-02T00:00:00Z'), now).map((error) => error.message)).toEqual([
      'Name the person who will decide.',
      'The delegation must end after it starts.',
    ]);
    expect(refuseDelegation('ann', 'bob', at('2026-04-01T00:00:00Z'), at('2026-04-02T00:00:00Z'), now).map((error) => error.message)).toEqual([
      'The delegation would already be over.',
    ]);
  });
});
