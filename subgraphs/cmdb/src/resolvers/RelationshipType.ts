import type { RelationshipTypeResolvers } from '../generated/resolvers.ts';

export const RelationshipType: RelationshipTypeResolvers = {
  allowedPairs: (type, _args, { loaders }) => loaders.ciTypePairsOfRelationshipType.load(type.id),
};
