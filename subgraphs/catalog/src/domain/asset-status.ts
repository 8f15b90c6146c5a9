/** Lifecycle statuses of an asset (the `AssetStatus` enum). */
export const ASSET_STATUSES = ['AVAILABLE', 'IN_USE', 'MAINTENANCE', 'RESERVED', 'SCRAPPED', 'LOST', 'RETURNED'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** Physical conditions of an asset (the `AssetCondition` enum). */
const ASSET_CONDITIONS = ['NEW', 'GOOD', 'FAIR', 'POOR', 'DAMAGED', 'REFURBISHED'] as const;
export type AssetCondition = (typeof ASSET_CONDITIONS)[number];

/**
 * Every status change an asset may make, from -> allowed targets. Anything
 * not listed is refused with `INVALID_TRANSITION`. `SCRAPPED` is final: a
 * disposed asset never comes back into use. A lost asset can be found
 * (`AVAILABLE`) or written off (`SCRAPPED`); one returned to its supplier can
 * only come back into stock.
 */
export const ASSET_TRANSITIONS: Readonly<Record<AssetStatus, readonly AssetStatus[]>> = {
  AVAILABLE: ['IN_USE', 'MAINTENANCE', 'RESERVED', 'SCRAPPED', 'LOST', 'RETURNED'],
  IN_USE: ['AVAILABLE', 'MAINTENANCE', 'SCRAPPED', 'LOST'],
  MAINTENANCE: ['AVAILABLE', 'IN_USE', 'SCRAPPED', 'LOST', 'RETURNED'],
  RESERVED: ['AVAILABLE', 'IN_USE', 'MAINTENANCE', 'LOST'],
  LOST: ['AVAILABLE', 'SCRAPPED'],
  RETURNED: ['AVAILABLE'],
  SCRAPPED: [],
};

/** Statuses a newly registered asset may start in. */
export const INITIAL_ASSET_STATUSES: readonly AssetStatus[] = ['AVAILABLE', 'IN_USE', 'MAINTENANCE', 'RESERVED'];

/** Whether an asset in status `from` may move to `to`. Staying in the same status is not a transition. */
export function canTransition(from: AssetStatus, to: AssetStatus): boolean {
  return ASSET_TRANSITIONS[from].includes(to);
}

/** The refusal message for a transition `canTransition` rejects. */
export function transitionRefusal(from: AssetStatus, to: AssetStatus): string {
  const allowed = ASSET_TRANSITIONS[from];
  return allowed.length === 0
    ? `An asset in status ${from} cannot change status any more.`
    : `An asset in status ${from} cannot become ${to}; it can become ${allowed.join(', ')}.`;
}
