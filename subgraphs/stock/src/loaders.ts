import DataLoader from 'dataloader';
import { batchByKey, createPagedChildrenLoader, groupByKey, parseId, type Queryable } from '@inventory/platform';
import { findPositionsOfAssets } from './db/asset-positions.ts';
import { findBalancesOfPartNumbers, sumBalancesOfPartNumbers, type BalanceRow, type StockLevelRow } from './db/balances.ts';
import { findChildrenOfLocations, findLocationsByCodes, findLocationsByIds, type LocationRow } from './db/locations.ts';
import { countMovementsOfAssets, findMovementsByIds, listMovementsOfAssets, type MovementRow } from './db/movements.ts';

/** The stock subgraph's batch loaders. Made per request: a loader's cache never outlives its request. */
export function createLoaders(db: Queryable) {
  const movementCountByAsset = new DataLoader<string, number>(async (ids) => {
    const counts = await countMovementsOfAssets(db, ids);
    return batchByKey(ids, counts, (row) => row.assetId).map((row) => row?.count ?? 0);
  });
  return {
    locationById: new DataLoader<string, LocationRow | null>(async (ids) =>
      batchByKey(ids, await findLocationsByIds(db, ids), (row) => row.id),
    ),
    locationByCode: new DataLoader<string, LocationRow | null>(async (codes) =>
      batchByKey(codes, await findLocationsByCodes(db, codes), (row) => row.code),
    ),
    childrenByLocation: new DataLoader<string, LocationRow[]>(async (ids) =>
      groupByKey(ids, await findChildrenOfLocations(db, ids), (row) => row.parentId ?? ''),
    ),
    movementById: new DataLoader<string, MovementRow | null>(async (ids) =>
      batchByKey(ids, await findMovementsByIds(db, ids), (row) => row.id),
    ),
    balancesByPartNumber: new DataLoader<string, BalanceRow[]>(async (ids) =>
      groupByKey(ids, await findBalancesOfPartNumbers(db, ids), (row) => row.partNumberId),
    ),
    stockLevelByPartNumber: new DataLoader<string, StockLevelRow>(async (ids) =>
      batchByKey(ids, await sumBalancesOfPartNumbers(db, ids), (row) => row.partNumberId).map(
        (row, index) => row ?? { partNumberId: ids[index]!, onHand: '0', reserved: '0', available: '0' },
      ),
    ),
    locationIdByAsset: new DataLoader<string, string | null>(async (ids) =>
      batchByKey(ids, await findPositionsOfAssets(db, ids), (row) => row.assetId).map((row) => row?.locationId ?? null),
    ),
    movementsByAsset: createPagedChildrenLoader<MovementRow>({
      cursorArity: 1,
      cursorOf: (row) => [row.id],
      parentOf: (row) => row.assetId ?? '',
      fetchPages: (parentIds, limit, after) =>
        listMovementsOfAssets(db, parentIds, limit, after ? parseId(after[0]!, 'after') : null),
      countByParent: movementCountByAsset,
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
