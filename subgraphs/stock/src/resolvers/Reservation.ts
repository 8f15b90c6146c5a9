import { parseId } from '@inventory/platform';
import type { ReservationResolvers } from '../generated/resolvers.ts';

export const Reservation: ReservationResolvers = {
  __resolveReference: async (reference, { loaders }) => loaders.reservationById.load(parseId(reference.id, 'id')),
  partNumber: (reservation) => ({ id: reservation.partNumberId }),
  asset: (reservation) => (reservation.assetId ? { id: reservation.assetId, partNumberId: reservation.partNumberId } : null),
  async location(reservation, _args, { loaders }) {
    const location = await loaders.locationById.load(reservation.locationId);
    if (!location) throw new Error(`reservation ${reservation.id} points at missing location ${reservation.locationId}`);
    return location;
  },
  fulfilment: (reservation, _args, { loaders }) => (reservation.fulfilmentId ? loaders.movementById.load(reservation.fulfilmentId) : null),
};
