import DataLoader from 'dataloader';
import { batchByKey, groupByKey, type Queryable } from '@inventory/platform';
import { findCiTypesByIds, type CiTypeRow } from './db/ci-types.ts';
import {
  findConfigurationItemsByAssetIds,
  findConfigurationItemsByCodes,
  findConfigurationItemsByIds,
  type ConfigurationItemRow,
} from './db/configuration-items.ts';
import { findActiveRelationshipsOfConfigurationItems, type RelationshipRow } from './db/relationships.ts';
import { findServicesOfConfigurationItems, type ServiceRow } from './db/services.ts';

/** Which relationships of one item to load. */
export interface RelationshipsKey {
  readonly ciId: string;
  readonly direction: 'OUTGOING' | 'INCOMING' | 'BOTH';
}

const wantsOutgoing = (key: RelationshipsKey) => key.direction !== 'INCOMING';
const wantsIncoming = (key: RelationshipsKey) => key.direction !== 'OUTGOING';

/** The CMDB's batch loaders. Made per request: a loader's cache never outlives its request. */
export function createLoaders(db: Queryable) {
  return {
    configurationItemById: new DataLoader<string, ConfigurationItemRow | null>(async (ids) =>
      batchByKey(ids, await findConfigurationItemsByIds(db, ids), (row) => row.id),
    ),
    configurationItemByCode: new DataLoader<string, ConfigurationItemRow | null>(async (codes) =>
      batchByKey(codes, await findConfigurationItemsByCodes(db, codes), (row) => row.code),
    ),
    configurationItemByAssetId: new DataLoader<string, ConfigurationItemRow | null>(async (assetIds) =>
      batchByKey(assetIds, await findConfigurationItemsByAssetIds(db, assetIds), (row) => row.assetId),
    ),
    ciTypeById: new DataLoader<string, CiTypeRow | null>(async (ids) =>
      batchByKey(ids, await findCiTypesByIds(db, ids), (row) => row.id),
    ),
    // Every item and direction asked for in one tick share one statement; each side is fetched only for the items that want it.
    relationshipsOfConfigurationItem: new DataLoader<RelationshipsKey, RelationshipRow[], string>(
      async (keys) => {
        const sourceIds = [...new Set(keys.filter(wantsOutgoing).map((key) => key.ciId))];
        const targetIds = [...new Set(keys.filter(wantsIncoming).map((key) => key.ciId))];
        const rows = await findActiveRelationshipsOfConfigurationItems(db, sourceIds, targetIds);
        const byItem = groupByKey(
          keys.map((key) => key.ciId),
          rows,
          (row) => row.ciId,
        );
        return keys.map((key, index) =>
          byItem[index]!.filter((row) => (row.direction === 'OUTGOING' ? wantsOutgoing(key) : wantsIncoming(key))),
        );
      },
      { cacheKeyFn: (key) => `${key.ciId}|${key.direction}` },
    ),
    servicesOfConfigurationItem: new DataLoader<string, ServiceRow[]>(async (ids) =>
      groupByKey(ids, await findServicesOfConfigurationItems(db, ids), (row) => row.ciId),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
