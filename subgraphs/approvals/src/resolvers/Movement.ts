import { parseId } from '@inventory/platform';
import type { MovementResolvers } from '../generated/resolvers.ts';

export const Movement: MovementResolvers = {
  // Stock owns movements; approvals keeps only the key, validated so SQL can cast it.
  // Async so a malformed id fails only its own entity, not the whole `_entities` list.
  __resolveReference: async (reference) => ({ id: parseId(reference.id, 'id') }),
  approval: (movement, _args, { loaders }) => loaders.approvalByMovementId.load(movement.id),
};
