import type { MovementSummaryRowResolvers } from '../generated/resolvers.ts';

export const MovementSummaryRow: MovementSummaryRowResolvers = {
  location: (row, _args, { loaders }) => (row.locationId === null ? null : loaders.locationById.load(row.locationId)),
  partNumber: (row) => (row.partNumberId === null ? null : { id: row.partNumberId }),
};
