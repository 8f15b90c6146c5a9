import { badUserInput, decodeCursor, pageSize, parseId, parseOptionalId, requireExactlyOne, toConnection } from '@inventory/platform';
import { countAssetModels, listAssetModels } from '../db/asset-models.ts';
import { countAssets, listAssets, type AssetFilter, type AssetOrder, type AssetRow } from '../db/assets.ts';
import { countAssetCategories, listAssetCategories } from '../db/categories.ts';
import { countPartNumbers, listPartNumbers, type PartNumberFilter, type PartNumberOrder, type PartNumberRow } from '../db/part-numbers.ts';
import { prepareTextSearch } from '../db/search.ts';
import { countSuppliers, listSuppliers } from '../db/suppliers.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';
import { listUnitsOfMeasure } from '../db/units.ts';

/** The keyset value of a row in each order (the id breaks ties). */
const ASSET_KEYS: Record<AssetOrder, (row: AssetRow) => string> = {
  NEWEST: (row) => row.id,
  SERIAL_NUMBER: (row) => row.serialNumber,
  RELEVANCE: (row) => row.searchScore ?? '0',
};
const PART_NUMBER_KEYS: Record<PartNumberOrder, (row: PartNumberRow) => string> = {
  CODE: (row) => row.code,
  NEWEST: (row) => row.id,
  RELEVANCE: (row) => row.searchScore ?? '0',
};

function orderOf<Order extends string>(requested: Order | null | undefined, searching: boolean, fallback: Order): Order {
  if (requested === 'RELEVANCE' && !searching) throw badUserInput('Ordering by RELEVANCE needs a "filter.search".', 'orderBy');
  return requested ?? (searching ? ('RELEVANCE' as Order) : fallback);
}

/**
 * Cursors of lists that can be ordered several ways carry the order that
 * issued them (`[order, key, id]`), so a cursor from one order is refused
 * by another instead of silently skipping rows.
 */
function decodeOrderedCursor(after: string | null | undefined, order: string): [string, string] | null {
  if (!after) return null;
  const [issuedBy, key, id] = decodeCursor(after, 3);
  if (issuedBy !== order) throw badUserInput(`"after" was issued for the order ${issuedBy}, not ${order}.`, 'after');
  return [String(key), String(id)];
}

export const Query: QueryResolvers = {
  asset(_parent, args, { loaders }) {
    const key = requireExactlyOne({ id: args.id, serialNumber: args.serialNumber });
    return key === 'id'
      ? loaders.assetById.load(parseId(args.id!, 'id'))
      : loaders.assetBySerialNumber.load(args.serialNumber!);
  },

  async assets(_parent, { first, after, filter, orderBy }, { db }) {
    const size = pageSize(first);
    const criteria: AssetFilter = {
      search: prepareTextSearch(filter?.search),
      status: filter?.status ?? null,
      condition: filter?.condition ?? null,
      partNumberId: parseOptionalId(filter?.partNumberId, 'filter.partNumberId'),
      modelId: parseOptionalId(filter?.modelId, 'filter.modelId'),
      categoryId: parseOptionalId(filter?.categoryId, 'filter.categoryId'),
      project: filter?.project ?? null,
      assigneeId: filter?.assigneeId ?? null,
      assigneeType: filter?.assigneeType ?? null,
      warrantyExpiresBefore: filter?.warrantyExpiresBefore ?? null,
      maintenanceDueBefore: filter?.maintenanceDueBefore ?? null,
    };
    const order = orderOf<AssetOrder>(orderBy, criteria.search !== null, 'NEWEST');
    const keyset = decodeOrderedCursor(after, order);
    const rows = size === 0 ? [] : await listAssets(db, criteria, order, size + 1, keyset);
    return toConnection(rows, size, (row) => [order, ASSET_KEYS[order](row), row.id], () => countAssets(db, criteria), keyset !== null);
  },

  unitsOfMeasure(_parent, _args, { db }) {
    return listUnitsOfMeasure(db);
  },

  partNumber(_parent, args, { loaders }) {
    const key = requireExactlyOne({ id: args.id, code: args.code });
    return key === 'id' ? loaders.partNumberById.load(parseId(args.id!, 'id')) : loaders.partNumberByCode.load(args.code!);
  },

  async partNumbers(_parent, { first, after, filter, orderBy }, { db }) {
    const size = pageSize(first);
    const criteria: PartNumberFilter = {
      search: prepareTextSearch(filter?.search),
      category: filter?.category ?? null,
      subcategory: filter?.subcategory ?? null,
      manufacturer: filter?.manufacturer ?? null,
      active: filter?.active ?? null,
      serialized: filter?.serialized ?? null,
    };
    const order = orderOf<PartNumberOrder>(orderBy, criteria.search !== null, 'CODE');
    const keyset = decodeOrderedCursor(after, order);
    const rows = size === 0 ? [] : await listPartNumbers(db, criteria, order, size + 1, keyset);
    return toConnection(rows, size, (row) => [order, PART_NUMBER_KEYS[order](row), row.id], () => countPartNumbers(db, criteria), keyset !== null);
  },

  supplier: (_parent, args, { loaders }) => loaders.supplierById.load(parseId(args.id, 'id')),

  async suppliers(_parent, { first, after, filter }, { db }) {
    const size = pageSize(first);
    const search = prepareTextSearch(filter?.search);
    const criteria = { namePattern: search?.pattern ?? null, active: filter?.active ?? null, preferred: filter?.preferred ?? null };
    const keyset = after ? (decodeCursor(after, 2).map(String) as [string, string]) : null;
    const rows = size === 0 ? [] : await listSuppliers(db, criteria, size + 1, keyset);
    return toConnection(rows, size, (row) => [row.sortKey, row.id], () => countSuppliers(db, criteria), keyset !== null);
  },

  assetCategory(_parent, args, { loaders }) {
    const key = requireExactlyOne({ id: args.id, code: args.code });
    return key === 'id' ? loaders.assetCategoryById.load(parseId(args.id!, 'id')) : loaders.assetCategoryByCode.load(args.code!);
  },

  async assetCategories(_parent, { first, after, active }, { db }) {
    const size = pageSize(first);
    const afterCode = after ? String(decodeCursor(after, 1)[0]) : null;
    const rows = size === 0 ? [] : await listAssetCategories(db, active ?? null, size + 1, afterCode);
    return toConnection(rows, size, (row) => [row.code], () => countAssetCategories(db, active ?? null), afterCode !== null);
  },

  assetModel: (_parent, args, { loaders }) => loaders.assetModelById.load(parseId(args.id, 'id')),

  async assetModels(_parent, { first, after, filter }, { db }) {
    const size = pageSize(first);
    const criteria = {
      categoryId: parseOptionalId(filter?.categoryId, 'filter.categoryId'),
      manufacturer: filter?.manufacturer ?? null,
      active: filter?.active ?? null,
    };
    const keyset = after ? (decodeCursor(after, 3).map(String) as [string, string, string]) : null;
    const rows = size === 0 ? [] : await listAssetModels(db, criteria, size + 1, keyset);
    return toConnection(
      rows,
      size,
      (row) => [...row.sortKeys, row.id],
      () => countAssetModels(db, criteria),
      keyset !== null,
    );
  },
};
