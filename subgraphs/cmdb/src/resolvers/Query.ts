import { decodeCursor, pageSize, parseId, requireExactlyOne, toConnection } from '@inventory/platform';
import { countConfigurationItems, listConfigurationItems } from '../db/configuration-items.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  configurationItem(_parent, args, { loaders }) {
    const key = requireExactlyOne({ id: args.id, code: args.code });
    return key === 'id'
      ? loaders.configurationItemById.load(parseId(args.id!, 'id'))
      : loaders.configurationItemByCode.load(args.code!);
  },

  async configurationItems(_parent, { first, after, filter }, { db }) {
    const size = pageSize(first);
    const afterCode = after ? String(decodeCursor(after, 1)[0]) : null;
    const criteria = {
      typeCode: filter?.typeCode ?? null,
      status: filter?.status ?? null,
      environment: filter?.environment ?? null,
    };
    const rows = size === 0 ? [] : await listConfigurationItems(db, criteria, size + 1, afterCode);
    return toConnection(rows, size, (row) => [row.code], () => countConfigurationItems(db, criteria), afterCode !== null);
  },
};
