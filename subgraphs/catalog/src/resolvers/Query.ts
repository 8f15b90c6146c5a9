import { decodeCursor, parseId, parseOptionalId, pageSize, requireExactlyOne, toConnection } from '@inventory/platform';
import { countAssets, listAssets } from '../db/assets.ts';
import { countPartNumbers, listPartNumbers } from '../db/part-numbers.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  asset(_parent, args, { loaders }) {
    const key = requireExactlyOne({ id: args.id, serialNumber: args.serialNumber });
    return key === 'id'
      ? loaders.assetById.load(parseId(args.id!, 'id'))
      : loaders.assetBySerialNumber.load(args.serialNumber!);
  },

  async assets(_parent, { first, after, filter }, { db }) {
    const size = pageSize(first);
    const beforeId = after ? parseId(decodeCursor(after, 1)[0]!, 'after') : null;
    const criteria = {
      status: filter?.status ?? null,
      condition: filter?.condition ?? null,
      partNumberId: parseOptionalId(filter?.partNumberId, 'filter.partNumberId'),
    };
    const rows = size === 0 ? [] : await listAssets(db, criteria, size + 1, beforeId);
    return toConnection(rows, size, (row) => [row.id], () => countAssets(db, criteria), beforeId !== null);
  },

  partNumber(_parent, args, { loaders }) {
    const key = requireExactlyOne({ id: args.id, code: args.code });
    return key === 'id' ? loaders.partNumberById.load(parseId(args.id!, 'id')) : loaders.partNumberByCode.load(args.code!);
  },

  async partNumbers(_parent, { first, after, filter }, { db }) {
    const size = pageSize(first);
    const afterCode = after ? String(decodeCursor(after, 1)[0]) : null;
    const criteria = { category: filter?.category ?? null, active: filter?.active ?? null, serialized: filter?.serialized ?? null };
    const rows = size === 0 ? [] : await listPartNumbers(db, criteria, size + 1, afterCode);
    return toConnection(rows, size, (row) => [row.code], () => countPartNumbers(db, criteria), afterCode !== null);
  },
};
