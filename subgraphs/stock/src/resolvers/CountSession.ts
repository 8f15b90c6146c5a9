import { fromMicros, parseId, toMicros } from '@inventory/platform';
import type { CountLineResolvers, CountSessionResolvers, StockDivergenceResolvers } from '../generated/resolvers.ts';
import type { Loaders } from '../loaders.ts';

async function locationOf(loaders: Loaders, id: string) {
  const location = await loaders.locationById.load(id);
  if (!location) throw new Error(`missing location ${id}`);
  return location;
}

export const CountSession: CountSessionResolvers = {
  __resolveReference: async (reference, { loaders }) => loaders.countSessionById.load(parseId(reference.id, 'id')),
  location: (session, _args, { loaders }) => locationOf(loaders, session.locationId),
  lines: (session, _args, { loaders }) => loaders.linesByCountSession.load(session.id),
  divergences: (session, _args, { loaders }) => loaders.divergencesByCountSession.load(session.id),
};

export const CountLine: CountLineResolvers = {
  partNumber: (line) => ({ id: line.partNumberId }),
  location: (line, _args, { loaders }) => locationOf(loaders, line.locationId),
  asset: (line) => (line.assetId ? { id: line.assetId, partNumberId: line.partNumberId } : null),
};

export const StockDivergence: StockDivergenceResolvers = {
  partNumber: (divergence) => ({ id: divergence.partNumberId }),
  location: (divergence, _args, { loaders }) => locationOf(loaders, divergence.locationId),
  asset: (divergence) => (divergence.assetId ? { id: divergence.assetId, partNumberId: divergence.partNumberId } : null),
  recordedLocation: (divergence, _args, { loaders }) =>
    divergence.recordedLocationId ? loaders.locationById.load(divergence.recordedLocationId) : null,
  difference: (divergence) => fromMicros(toMicros(divergence.countedQuantity) - toMicros(divergence.expectedQuantity)),
  movement: (divergence, _args, { loaders }) => (divergence.movementId ? loaders.movementById.load(divergence.movementId) : null),
  supersededBy: (divergence, _args, { loaders }) => (divergence.supersededBy ? loaders.countSessionById.load(divergence.supersededBy) : null),
};
