import type { CiTypeVersionResolvers } from '../generated/resolvers.ts';
import { loadExisting } from '../loaders.ts';

export const CiTypeVersion: CiTypeVersionResolvers = {
  ciType: async (version, _args, { loaders }) => (await loadExisting(loaders.ciTypeById, [version.ciTypeId]))[0]!,
  attributes: (version, _args, { loaders }) => loaders.attributeDefinitionsOfVersion.load(version.id),
};
