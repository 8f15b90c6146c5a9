import type { CiTypeResolvers } from '../generated/resolvers.ts';

export const CiType: CiTypeResolvers = {
  activeVersion: (type, _args, { loaders }) => loaders.activeCiTypeVersionOfType.load(type.id),
  versions: (type, _args, { loaders }) => loaders.ciTypeVersionsOfType.load(type.id),
};
