import { parseId } from '@inventory/platform';
import type { MovementResolvers } from '../generated/resolvers.ts';

export const Movement: MovementResolvers = {
  __resolveReference: async (reference, { loaders }) => loaders.movementById.load(parseId(reference.id, 'id')),
  partNumber: (movement) => ({ id: movement.partNumberId }),
  asset: (movement) => (movement.assetId ? { id: movement.assetId, partNumberId: movement.partNumberId } : null),
  from: (movement, _args, { loaders }) => (movement.fromLocationId ? loaders.locationById.load(movement.fromLocationId) : null),
  to: (movement, _args, { loaders }) => (movement.toLocationId ? loaders.locationById.load(movement.toLocationId) : null),
  reservation: (movement, _args, { loaders }) => (movement.reservationId ? loaders.reservationById.load(movement.reservationId) : null),
};
