import type { RelationshipResolvers } from '../generated/resolvers.ts';

export const Relationship: RelationshipResolvers = {
  async target(relationship, _args, { loaders }) {
    const target = await loaders.configurationItemById.load(relationship.targetId);
    // The foreign key makes a missing item impossible; failing loudly beats a silent null on a non-null field.
    if (!target) throw new Error(`relationship ${relationship.relationshipId} points at missing configuration item ${relationship.targetId}`);
    return target;
  },
};
