import { badUserInput } from '@inventory/platform';
import type { ServiceRow } from '../db/services.ts';

export const DEFAULT_IMPACT_DEPTH = 3;
export const MAX_IMPACT_DEPTH = 10;

/** Validates `maxDepth`; absent means the default. Outside 1..MAX_IMPACT_DEPTH is malformed input. */
export function impactDepth(maxDepth: number | null | undefined): number {
  if (maxDepth === null || maxDepth === undefined) return DEFAULT_IMPACT_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_IMPACT_DEPTH) {
    throw badUserInput(`"maxDepth" must be between 1 and ${MAX_IMPACT_DEPTH}.`, 'maxDepth');
  }
  return maxDepth;
}

/** A service touched by an impact analysis. */
export interface ImpactedServiceSummary {
  readonly service: ServiceRow;
  /** Fewest links from the analysed item to a member; 0 for the analysed item itself. */
  readonly depth: number;
  /** Ids of the touched members, in the order they were given. */
  readonly memberIds: readonly string[];
}

/**
 * Groups the memberships of touched items by service. `depthOf` gives each
 * touched item's depth (0 for the analysed item). Services come most
 * critical first, then nearest, then by code.
 */
export function summarizeImpactedServices(
  memberships: readonly (ServiceRow & { ciId: string })[],
  depthOf: ReadonlyMap<string, number>,
): ImpactedServiceSummary[] {
  const byService = new Map<string, { service: ServiceRow; depth: number; memberIds: string[] }>();
  for (const membership of memberships) {
    const depth = depthOf.get(membership.ciId);
    if (depth === undefined) continue;
    const { ciId, ...service } = membership;
    const entry = byService.get(service.id) ?? { service, depth, memberIds: [] };
    entry.depth = Math.min(entry.depth, depth);
    if (!entry.memberIds.includes(ciId)) entry.memberIds.push(ciId);
    byService.set(service.id, entry);
  }
  return [...byService.values()].sort(
    (a, b) => a.service.rank - b.service.rank || a.depth - b.depth || a.service.code.localeCompare(b.service.code),
  );
}
