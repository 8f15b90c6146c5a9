import DataLoader from 'dataloader';
import { batchByKey, createPagedChildrenLoader, parseId, type Queryable } from '@inventory/platform';
import {
  countAssetsOfPartNumbers,
  findAssetsByIds,
  findAssetsBySerialNumbers,
  listAssetsOfPartNumbers,
  type AssetRow,
} from './db/assets.ts';
import { findPartNumbersByCodes, findPartNumbersByIds, type PartNumberRow } from './db/part-numbers.ts';

/** The catalog's batch loaders. Made per request: a loader's cache never outlives its request. */
export function createLoaders(db: Queryable) {
  const assetCountByPartNumber = new DataLoader<string, number>(async (ids) => {
    const counts = await countAssetsOfPartNumbers(db, ids);
    return batchByKey(ids, counts, (row) => row.partNumberId).map((row) => row?.count ?? 0);
  });
  return {
    partNumberById: new DataLoader<string, PartNumberRow | null>(async (ids) =>
      batchByKey(ids, await findPartNumbersByIds(db, ids), (row) => row.id),
    ),
    partNumberByCode: new DataLoader<string, PartNumberRow | null>(async (codes) =>
      batchByKey(codes, await findPartNumbersByCodes(db, codes), (row) => row.code),
    ),
    assetById: new DataLoader<string, AssetRow | null>(async (ids) =>
      batchByKey(ids, await findAssetsByIds(db, ids), (row) => row.id),
    ),
    assetBySerialNumber: new DataLoader<string, AssetRow | null>(async (serials) =>
      batchByKey(serials, await findAssetsBySerialNumbers(db, serials), (row) => row.serialNumber),
    ),
    assetsByPartNumber: createPagedChildrenLoader<AssetRow>({
      cursorArity: 1,
      cursorOf: (row) => [row.id],
      parentOf: (row) => row.partNumberId,
      fetchPages: (parentIds, limit, after) =>
        listAssetsOfPartNumbers(db, parentIds, limit, after ? parseId(after[0]!, 'after') : null),
      countByParent: assetCountByPartNumber,
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
