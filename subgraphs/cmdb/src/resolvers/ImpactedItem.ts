import type { ImpactedItemResolvers } from '../generated/resolvers.ts';
import { loadExisting } from '../loaders.ts';

export const ImpactedItem: ImpactedItemResolvers = {
  configurationItem: async (row, _args, { loaders }) => (await loadExisting(loaders.configurationItemById, [row.ciId]))[0]!,
  path: (row, _args, { loaders }) => loadExisting(loaders.configurationItemById, row.path),
};
