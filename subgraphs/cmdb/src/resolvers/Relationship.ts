import type { RelationshipResolvers } from '../generated/resolvers.ts';

export const Relationship: RelationshipResolvers = {
  // One identity per end: the same link seen from its source and its target reads differently.
  id: (relationship) => `${relationship.relationshipId}:${relationship.direction === 'OUTGOING' ? 'from' : 'to'}:${relationship.ciId}`,
  async target(relationship, _args, { loaders }) {
    const target = await loaders.configurationItemById.load(relationship.targetId);
    // The foreign key makes a missing item impossible; failing loudly beats a silent null on a non-null field.
    if (!target) throw new Error(`relationship ${relationship.relationshipId} points at missing configuration item ${relationship.targetId}`);
    return target;
  },
};
