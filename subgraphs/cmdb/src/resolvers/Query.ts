import { badUserInput, decodeCursor, pageSize, parseId, parseOptionalId, requireExactlyOne, toConnection } from '@inventory/platform';
import { listCiTypes } from '../db/ci-types.ts';
import { countConfigurationItems, listConfigurationItems } from '../db/configuration-items.ts';
import { listRelationshipTypes } from '../db/relationship-types.ts';
import { countServices, listServices } from '../db/services.ts';
import { isAttributeObject } from '../domain/attributes.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  configurationItem(_parent, args, { loaders }) {
    const key = requireExactlyOne({ id: args.id, code: args.code });
    return key === 'id'
      ? loaders.configurationItemById.load(parseId(args.id!, 'id'))
      : loaders.configurationItemByCode.load(args.code!);
  },

  async configurationItems(_parent, { first, after, filter }, { db, loaders }) {
    const size = pageSize(first);
    const afterCode = after ? String(decodeCursor(after, 1)[0]) : null;
    if (filter?.attributes != null && !isAttributeObject(filter.attributes)) {
      throw badUserInput('"filter.attributes" must be a JSON object of attribute values.', 'filter');
    }
    const criteria = {
      typeCode: filter?.typeCode ?? null,
      status: filter?.status ?? null,
      environment: filter?.environment ?? null,
      ownerTeam: filter?.ownerTeam ?? null,
      search: filter?.search ?? null,
      hasAsset: filter?.hasAsset ?? null,
      locationId: parseOptionalId(filter?.locationId, 'locationId'),
      attributes: (filter?.attributes as Record<string, unknown> | null | undefined) ?? null,
    };
    const rows = size === 0 ? [] : await listConfigurationItems(db, criteria, size + 1, afterCode);
    // Items of the page met again below it (impact paths, service members) come from here, not from another statement.
    for (const row of rows) loaders.configurationItemById.prime(row.id, row);
    return toConnection(rows, size, (row) => [row.code], () => countConfigurationItems(db, criteria), afterCode !== null);
  },

  ciType(_parent, args, { loaders }) {
    const key = requireExactlyOne({ id: args.id, code: args.code });
    return key === 'id' ? loaders.ciTypeById.load(parseId(args.id!, 'id')) : loaders.ciTypeByCode.load(args.code!);
  },

  ciTypes: (_parent, _args, { db }) => listCiTypes(db),

  relationshipTypes: (_parent, _args, { db }) => listRelationshipTypes(db),

  service(_parent, args, { loaders }) {
    const key = requireExactlyOne({ id: args.id, code: args.code });
    return key === 'id' ? loaders.serviceById.load(parseId(args.id!, 'id')) : loaders.serviceByCode.load(args.code!);
  },

  async services(_parent, { first, after, filter }, { db }) {
    const size = pageSize(first);
    const afterKeys = after ? decodeCursor(after, 2) : null;
    if (afterKeys && (typeof afterKeys[0] !== 'number' || typeof afterKeys[1] !== 'string')) {
      throw badUserInput('"after" is not a cursor issued by this list.', 'after');
    }
    const keyset = afterKeys ? ([afterKeys[0] as number, afterKeys[1] as string] as const) : null;
    const criteria = { criticality: filter?.criticality ?? null, status: filter?.status ?? null };
    const rows = size === 0 ? [] : await listServices(db, criteria, size + 1, keyset);
    return toConnection(rows, size, (row) => [row.rank, row.code], () => countServices(db, criteria), keyset !== null);
  },
};
