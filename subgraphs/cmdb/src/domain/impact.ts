import type { ServiceRow } from '../db/services.ts';

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
