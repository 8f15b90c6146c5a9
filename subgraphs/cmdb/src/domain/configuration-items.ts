import type { ConfigurationItemStatus } from '../db/configuration-items.ts';

/**
 * Whether an item may go from `from` to `to` through an update. RETIRED is
 * final and reached only by retiring (which also ends the item's links);
 * every other status may follow any other.
 */
export function statusChangeProblem(from: ConfigurationItemStatus, to: ConfigurationItemStatus): string | null {
  if (from === to) return null;
  if (from === 'RETIRED') return 'A retired configuration item cannot change status.';
  if (to === 'RETIRED') return 'Use retireConfigurationItem to retire an item.';
  return null;
}
