import { decodeCursor, pageSize, parseId, parseOptionalId, requireExactlyOne, toConnection } from '@inventory/platform';
import { countLocations, listLocations } from '../db/locations.ts';
import { countMovements, listMovements } from '../db/movements.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  location(_parent, args, { loaders }) {
    const key = requireExactlyOne({ id: args.id, code: args.code });
    return key === 'id' ? loaders.locationById.load(parseId(args.id!, 'id')) : loaders.locationByCode.load(args.code!);
  },

  async locations(_parent, { first, after, filter }, { db }) {
    const size = pageSize(first);
    const afterCode = after ? String(decodeCursor(after, 1)[0]) : null;
    const criteria = {
      type: filter?.type ?? null,
      parentId: parseOptionalId(filter?.parentId, 'filter.parentId'),
      root: filter?.root ?? null,
    };
    const rows = size === 0 ? [] : await listLocations(db, criteria, size + 1, afterCode);
    return toConnection(rows, size, (row) => [row.code], () => countLocations(db, criteria), afterCode !== null);
  },

  movement: (_parent, { id }, { loaders }) => loaders.movementById.load(parseId(id, 'id')),

  async movements(_parent, { first, after, filter }, { db }) {
    const size = pageSize(first);
    const beforeId = after ? parseId(decodeCursor(after, 1)[0]!, 'after') : null;
    const criteria = {
      partNumberId: parseOptionalId(filter?.partNumberId, 'filter.partNumberId'),
      assetId: parseOptionalId(filter?.assetId, 'filter.assetId'),
      locationId: parseOptionalId(filter?.locationId, 'filter.locationId'),
      type: filter?.type ?? null,
      status: filter?.status ?? null,
    };
    const rows = size === 0 ? [] : await listMovements(db, criteria, size + 1, beforeId);
    return toConnection(rows, size, (row) => [row.id], () => countMovements(db, criteria), beforeId !== null);
  },
};
