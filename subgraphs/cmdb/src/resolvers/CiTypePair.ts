import type { CiTypePairResolvers } from '../generated/resolvers.ts';
import { loadExisting } from '../loaders.ts';

export const CiTypePair: CiTypePairResolvers = {
  source: async (pair, _args, { loaders }) => (await loadExisting(loaders.ciTypeById, [pair.sourceTypeId]))[0]!,
  target: async (pair, _args, { loaders }) => (await loadExisting(loaders.ciTypeById, [pair.targetTypeId]))[0]!,
};
