import DataLoader from 'dataloader';
import { batchByKey, createPagedChildrenLoader, groupByKey, parseId, type Queryable } from '@inventory/platform';
import { countAssetsAtLocations, findPositionsOfAssets, listAssetsAtLocations, type AssetAtLocationRow, type AssetPositionRow } from './db/asset-positions.ts';
import {
  findBalancesAt,
  findBalancesAtLocations,
  findBalancesOfPartNumbers,
  sumBalancesOfPartNumbers,
  sumBalancesUnderLocations,
  sumStockValueUnderLocations,
  type BalanceRow,
  type LocationBalanceRow,
  type StockLevelRow,
} from './db/balances.ts';
import {
  findChildrenOfLocations,
  findDescendantsOfLocations,
  findLocationsByCodes,
  findLocationsByIds,
  type LocationRow,
} from './db/locations.ts';
import {
  findCountSessionsByIds,
  findDivergencesOfSessions,
  findLinesOfSessions,
  type CountLineRow,
  type CountSessionRow,
  type DivergenceRow,
} from './db/counts.ts';
import { findPartNumbersOfAssets } from './db/catalog-copies.ts';
import { findReservationsByIds, type ReservationRow } from './db/reservations.ts';
import { sumStockValueByChild, type ChildStockValueRow } from './db/summaries.ts';
import { findAverageCosts } from './db/valuation.ts';
import { countMovementsOfAssets, findMovementsByIds, listMovementsOfAssets, type MovementRow } from './db/movements.ts';

/**
 * The stock subgraph's batch loaders. Made per request: a loader's cache
 * never outlives its request.
 *
 * Queries that return locations beside other rows (positions, movements,
 * balances) prime `locationById`, so resolving those locations, and the
 * ancestors of an asset's location, costs no further statement. This keeps
 * the statement count of a request fixed instead of depending on how
 * DataLoader batches happen to line up in time.
 *
 * `reports` serves the analyst reports among them (the stock value under a
 * location); every other loader reads the primary, `db`.
 */
export function createLoaders(db: Queryable, reports: Queryable = db) {
  const locationById = new DataLoader<string, LocationRow | null>(async (ids) =>
    batchByKey(ids, await findLocationsByIds(db, ids), (row) => row.id),
  );
  const prime = (location: LocationRow | null) => {
    if (location) locationById.prime(location.id, location);
  };
  const movementCountByAsset = new DataLoader<string, number>(async (ids) => {
    const counts = await countMovementsOfAssets(db, ids);
    return batchByKey(ids, counts, (row) => row.assetId).map((row) => row?.count ?? 0);
  });
  return {
    locationById,
    locationByCode: new DataLoader<string, LocationRow | null>(async (codes) =>
      batchByKey(codes, await findLocationsByCodes(db, codes), (row) => row.code),
    ),
    childrenByLocation: new DataLoader<string, LocationRow[]>(async (ids) =>
      groupByKey(ids, await findChildrenOfLocations(db, ids), (row) => row.parentId ?? ''),
    ),
    descendantsByLocation: new DataLoader<string, LocationRow[]>(async (ids) =>
      groupByKey(ids, await findDescendantsOfLocations(db, ids), (row) => row.rootId),
    ),
    balancesAtLocation: new DataLoader<string, LocationBalanceRow[]>(async (ids) =>
      groupByKey(ids, await findBalancesAtLocations(db, ids), (row) => row.ofLocationId),
    ),
    balancesUnderLocation: new DataLoader<string, LocationBalanceRow[]>(async (ids) =>
      groupByKey(ids, await sumBalancesUnderLocations(db, ids), (row) => row.ofLocationId),
    ),
    stockValueUnderLocation: new DataLoader<string, string>(async (ids) =>
      batchByKey(ids, await sumStockValueUnderLocations(reports, ids), (row) => row.locationId).map((row) => row?.value ?? '0'),
    ),
    stockValueByChild: new DataLoader<string, ChildStockValueRow[]>(async (ids) =>
      groupByKey(ids, await sumStockValueByChild(reports, ids), (row) => row.parentId),
    ),
    averageCostByPartNumber: new DataLoader<string, string>(async (ids) =>
      batchByKey(ids, await findAverageCosts(db, ids), (row) => row.partNumberId).map((row) => row?.averageCost ?? '0'),
    ),
    reservationById: new DataLoader<string, ReservationRow | null>(async (ids) =>
      batchByKey(ids, await findReservationsByIds(db, ids), (row) => row.id),
    ),
    countSessionById: new DataLoader<string, CountSessionRow | null>(async (ids) =>
      batchByKey(ids, await findCountSessionsByIds(db, ids), (row) => row.id),
    ),
    linesByCountSession: new DataLoader<string, CountLineRow[]>(async (ids) =>
      groupByKey(ids, await findLinesOfSessions(db, ids), (row) => row.sessionId),
    ),
    divergencesByCountSession: new DataLoader<string, DivergenceRow[]>(async (ids) =>
      groupByKey(ids, await findDivergencesOfSessions(db, ids), (row) => row.sessionId ?? ''),
    ),
    movementById: new DataLoader<string, MovementRow | null>(async (ids) =>
      batchByKey(ids, await findMovementsByIds(db, ids), (row) => row.id),
    ),
    balancesByPartNumber: new DataLoader<string, BalanceRow[]>(async (ids) => {
      const rows = await findBalancesOfPartNumbers(db, ids);
      for (const row of rows) prime(row.location);
      return groupByKey(ids, rows, (row) => row.partNumberId);
    }),
    /** Keyed `<partNumberId>:<locationId>`; zero where nothing is held. */
    balanceAt: new DataLoader<string, BalanceRow>(async (keys) => {
      const pairs = keys.map((key) => {
        const [partNumberId, locationId] = key.split(':') as [string, string];
        return { partNumberId, locationId };
      });
      const rows = await findBalancesAt(db, pairs);
      for (const row of rows) prime(row.location);
      return batchByKey(keys, rows, (row) => `${row.partNumberId}:${row.locationId}`).map((row, index) => row ?? new Error(`no location ${keys[index]}`));
    }),
    stockLevelByPartNumber: new DataLoader<string, StockLevelRow>(async (ids) =>
      batchByKey(ids, await sumBalancesOfPartNumbers(db, ids), (row) => row.partNumberId).map(
        (row, index) => row ?? { partNumberId: ids[index]!, onHand: '0', reserved: '0', available: '0' },
      ),
    ),
    positionByAsset: new DataLoader<string, AssetPositionRow | null>(async (ids) => {
      const rows = await findPositionsOfAssets(db, ids);
      for (const row of rows) {
        prime(row.location);
        row.ancestors.forEach(prime);
      }
      return batchByKey(ids, rows, (row) => row.assetId);
    }),
    /** Completes an asset reference that arrived without its part number (never one from the gateway). */
    partNumberOfAsset: new DataLoader<string, string | null>(async (ids) =>
      batchByKey(ids, await findPartNumbersOfAssets(db, ids), (row) => row.assetId).map((row) => row?.partNumberId ?? null),
    ),
    assetsAtLocation: assetsAtLocationsLoader(db, false),
    assetsUnderLocation: assetsAtLocationsLoader(db, true),
    movementsByAsset: createPagedChildrenLoader<MovementRow>({
      cursorArity: 1,
      cursorOf: (row) => [row.id],
      parentOf: (row) => row.assetId ?? '',
      async fetchPages(parentIds, limit, after) {
        const rows = await listMovementsOfAssets(db, parentIds, limit, after ? parseId(after[0]!, 'after') : null);
        for (const row of rows) {
          prime(row.fromLocation);
          prime(row.toLocation);
        }
        return rows;
      },
      countByParent: movementCountByAsset,
    }),
  };
}

/** Pages of the assets at (or, with `includeDescendants`, under) many locations, one statement per page asked. */
function assetsAtLocationsLoader(db: Queryable, includeDescendants: boolean) {
  return createPagedChildrenLoader<AssetAtLocationRow>({
    cursorArity: 1,
    cursorOf: (row) => [row.id],
    parentOf: (row) => row.locationId,
    fetchPages: (parentIds, limit, after) => listAssetsAtLocations(db, parentIds, includeDescendants, limit, after ? parseId(after[0]!, 'after') : null),
    countByParent: new DataLoader<string, number>(async (ids) =>
      batchByKey(ids, await countAssetsAtLocations(db, ids, includeDescendants), (row) => row.locationId).map((row) => row?.count ?? 0),
    ),
  });
}

export type Loaders = ReturnType<typeof createLoaders>;
