import { describe, expect, it } from 'vitest';
import { ASSET_STATUSES, ASSET_TRANSITIONS, canTransition, transitionRefusal } from './asset-status.ts';

describe('the asset status transition table', () => {
  it('allows exactly the listed transitions', () => {
    const allowed = ASSET_STATUSES.flatMap((from) => ASSET_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`));
    expect(allowed).toEqual([
      'AVAILABLE->IN_USE', 'AVAILABLE->MAINTENANCE', 'AVAILABLE->RESERVED', 'AVAILABLE->SCRAPPED', 'AVAILABLE->LOST', 'AVAILABLE->RETURNED',
      'IN_USE->AVAILABLE', 'IN_USE->MAINTENANCE', 'IN_USE->SCRAPPED', 'IN_USE->LOST',
      'MAINTENANCE->AVAILABLE', 'MAINTENANCE->IN_USE', 'MAINTENANCE->SCRAPPED', 'MAINTENANCE->LOST', 'MAINTENANCE->RETURNED',
      'RESERVED->AVAILABLE', 'RESERVED->IN_USE', 'RESERVED->MAINTENANCE', 'RESERVED->LOST',
      'LOST->AVAILABLE', 'LOST->SCRAPPED',
      'RETURNED->AVAILABLE',
    ]);
  });

  it('never lets a scrapped asset come back into use', () => {
    for (const to of ASSET_STATUSES) expect(canTransition('SCRAPPED', to)).toBe(false);
    expect(transitionRefusal('SCRAPPED', 'IN_USE')).toBe('An asset in status SCRAPPED cannot change status any more.');
  });

  it('treats staying in the same status as no transition', () => {
    for (const status of ASSET_STATUSES) expect(canTransition(status, status)).toBe(false);
  });

  it('names the allowed targets when it refuses', () => {
    expect(transitionRefusal('LOST', 'IN_USE')).toBe('An asset in status LOST cannot become IN_USE; it can become AVAILABLE, SCRAPPED.');
  });

  it('lists every status as a source', () => {
    expect(Object.keys(ASSET_TRANSITIONS).sort()).toEqual([...ASSET_STATUSES].sort());
  });
});
