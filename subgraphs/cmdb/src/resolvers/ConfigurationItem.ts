import { badUserInput, parseId } from '@inventory/platform';
import type { Context } from '../context.ts';
import { summarizeImpactedServices } from '../domain/impact.ts';
import type { ConfigurationItemResolvers, ImpactDirection } from '../generated/resolvers.ts';
import type { ConfigurationItemRow } from '../db/configuration-items.ts';

const DEFAULT_IMPACT_DEPTH = 3;
const MAX_IMPACT_DEPTH = 10;

/** Validates `maxDepth`; absent means the default. Outside 1..MAX_IMPACT_DEPTH is malformed input. */
export function impactDepth(maxDepth: number | null | undefined): number {
  if (maxDepth === null || maxDepth === undefined) return DEFAULT_IMPACT_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_IMPACT_DEPTH) {
    throw badUserInput(`"maxDepth" must be between 1 and ${MAX_IMPACT_DEPTH}.`, 'maxDepth');
  }
  return maxDepth;
}

/** The impact of `item` for these field arguments, through the request's batched loader. */
function impactOf(
  item: ConfigurationItemRow,
  args: { direction?: ImpactDirection | null; maxDepth?: number | null; types?: readonly string[] | null },
  { loaders }: Context,
) {
  return loaders.impactOfConfigurationItem.load({
    ciId: item.id,
    direction: args.direction ?? 'DOWNSTREAM',
    maxDepth: impactDepth(args.maxDepth),
    types: args.types ?? null,
  });
}

export const ConfigurationItem: ConfigurationItemResolvers = {
  __resolveReference: async (reference, { loaders }) => loaders.configurationItemById.load(parseId(reference.id, 'id')),
  async type(item, _args, { loaders }) {
    const type = await loaders.ciTypeById.load(item.typeId);
    // The foreign key makes a missing type impossible; failing loudly beats a silent null on a non-null field.
    if (!type) throw new Error(`configuration item ${item.id} points at missing CI type ${item.typeId}`);
    return type;
  },
  typeVersion: (item, _args, { loaders }) => (item.typeVersionId === null ? null : loaders.ciTypeVersionById.load(item.typeVersionId)),
  asset: (item) => (item.assetId === null ? null : { id: item.assetId }),
  location: (item) => (item.locationId === null ? null : { id: item.locationId }),
  relationships: (item, { direction, type }, { loaders }) =>
    loaders.relationshipsOfConfigurationItem.load({ ciId: item.id, direction, type: type ?? null }),
  services: (item, _args, { loaders }) => loaders.servicesOfConfigurationItem.load(item.id),
  impact: (item, args, context) => impactOf(item, args, context),
  async impactedServices(item, args, context) {
    const impact = await impactOf(item, args, context);
    const depthOf = new Map<string, number>([[item.id, 0], ...impact.map((row) => [row.ciId, row.depth] as const)]);
    const memberships = await context.loaders.servicesOfConfigurationItem.loadMany([...depthOf.keys()]);
    return summarizeImpactedServices(
      memberships.flatMap((rows) => {
        if (rows instanceof Error) throw rows;
        return rows;
      }),
      depthOf,
    );
  },
};
