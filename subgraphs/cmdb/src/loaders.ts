import DataLoader from 'dataloader';
import { batchByKey, createPagedChildrenLoader, groupByKey, type Queryable } from '@inventory/platform';
import {
  findAttributeDefinitionsByVersionIds,
  findActiveCiTypeVersionsByTypeIds,
  findCiTypeVersionsByIds,
  findCiTypeVersionsByTypeIds,
  type AttributeDefinitionRow,
  type CiTypeVersionRow,
} from './db/ci-type-versions.ts';
import { findCiTypesByCodes, findCiTypesByIds, type CiTypeRow } from './db/ci-types.ts';
import {
  countConfigurationItemsByLocations,
  findConfigurationItemPagesByLocations,
  findConfigurationItemsByAssetIds,
  findConfigurationItemsByCodes,
  findConfigurationItemsByIds,
  type ConfigurationItemRow,
} from './db/configuration-items.ts';
import { findImpact, type ImpactRow } from './db/impact.ts';
import { findCiTypePairsByRelationshipTypeIds, type CiTypePairRow } from './db/relationship-types.ts';
import { findActiveRelationshipsOfConfigurationItems, type RelationshipRow } from './db/relationships.ts';
import {
  findMembersOfServices,
  findServicesByCodes,
  findServicesByIds,
  findServicesOfConfigurationItems,
  type ServiceMemberRow,
  type ServiceMembershipRow,
  type ServiceRow,
} from './db/services.ts';

/** Which relationships of one item to load. */
export interface RelationshipsKey {
  readonly ciId: string;
  readonly direction: 'OUTGOING' | 'INCOMING' | 'BOTH';
  /** Only this type code; null for all. */
  readonly type: string | null;
}

/** One impact analysis: an item and how to walk from it. */
export interface ImpactKey {
  readonly ciId: string;
  readonly direction: 'DOWNSTREAM' | 'UPSTREAM';
  readonly maxDepth: number;
  readonly types: readonly string[] | null;
}

const wantsOutgoing = (key: RelationshipsKey) => key.direction !== 'INCOMING';
const wantsIncoming = (key: RelationshipsKey) => key.direction !== 'OUTGOING';
const walkOf = (key: ImpactKey) => `${key.direction}|${key.maxDepth}|${key.types === null ? '*' : [...key.types].sort().join(',')}`;

/**
 * The CMDB's batch loaders. Made per request: a loader's cache never
 * outlives its request. Impact analyses, a report, read `reports` (a
 * streaming replica when one is configured); everything else reads `db`.
 */
export function createLoaders(db: Queryable, reports: Queryable = db) {
  const configurationItemCountAtLocation = new DataLoader<string, number>(async (locationIds) => {
    const counts = await countConfigurationItemsByLocations(db, locationIds);
    return batchByKey(locationIds, counts, (row) => row.locationId).map((row) => row?.count ?? 0);
  });
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
    configurationItemsAtLocation: createPagedChildrenLoader<ConfigurationItemRow>({
      cursorArity: 1,
      cursorOf: (row) => [row.code],
      parentOf: (row) => row.locationId!,
      fetchPages: (locationIds, limit, after) =>
        findConfigurationItemPagesByLocations(db, locationIds, limit, after === null ? null : String(after[0])),
      countByParent: configurationItemCountAtLocation,
    }),
    ciTypeById: new DataLoader<string, CiTypeRow | null>(async (ids) =>
      batchByKey(ids, await findCiTypesByIds(db, ids), (row) => row.id),
    ),
    ciTypeByCode: new DataLoader<string, CiTypeRow | null>(async (codes) =>
      batchByKey(codes, await findCiTypesByCodes(db, codes), (row) => row.code),
    ),
    ciTypeVersionById: new DataLoader<string, CiTypeVersionRow | null>(async (ids) =>
      batchByKey(ids, await findCiTypeVersionsByIds(db, ids), (row) => row.id),
    ),
    ciTypeVersionsOfType: new DataLoader<string, CiTypeVersionRow[]>(async (typeIds) =>
      groupByKey(typeIds, await findCiTypeVersionsByTypeIds(db, typeIds), (row) => row.ciTypeId),
    ),
    activeCiTypeVersionOfType: new DataLoader<string, CiTypeVersionRow | null>(async (typeIds) =>
      batchByKey(typeIds, await findActiveCiTypeVersionsByTypeIds(db, typeIds), (row) => row.ciTypeId),
    ),
    attributeDefinitionsOfVersion: new DataLoader<string, AttributeDefinitionRow[]>(async (versionIds) =>
      groupByKey(versionIds, await findAttributeDefinitionsByVersionIds(db, versionIds), (row) => row.versionId),
    ),
    ciTypePairsOfRelationshipType: new DataLoader<string, CiTypePairRow[]>(async (ids) =>
      groupByKey(ids, await findCiTypePairsByRelationshipTypeIds(db, ids), (row) => row.relationshipTypeId),
    ),
    // Every item, direction and type asked for in one tick share one statement; each side is fetched only for the items that want it.
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
          byItem[index]!.filter(
            (row) => (row.direction === 'OUTGOING' ? wantsOutgoing(key) : wantsIncoming(key)) && (key.type === null || row.type === key.type),
          ),
        );
      },
      { cacheKeyFn: (key) => `${key.ciId}|${key.direction}|${key.type ?? ''}` },
    ),
    servicesOfConfigurationItem: new DataLoader<string, ServiceMembershipRow[]>(async (ids) =>
      groupByKey(ids, await findServicesOfConfigurationItems(db, ids), (row) => row.ciId),
    ),
    serviceById: new DataLoader<string, ServiceRow | null>(async (ids) =>
      batchByKey(ids, await findServicesByIds(db, ids), (row) => row.id),
    ),
    serviceByCode: new DataLoader<string, ServiceRow | null>(async (codes) =>
      batchByKey(codes, await findServicesByCodes(db, codes), (row) => row.code),
    ),
    membersOfService: new DataLoader<string, ServiceMemberRow[]>(async (ids) =>
      groupByKey(ids, await findMembersOfServices(db, ids), (row) => row.serviceId),
    ),
    // Analyses with the same walk (direction, depth, types) for any number of items run as one recursive statement.
    impactOfConfigurationItem: new DataLoader<ImpactKey, ImpactRow[], string>(
      async (keys) => {
        const walks = new Map<string, ImpactKey[]>();
        for (const key of keys) walks.set(walkOf(key), [...(walks.get(walkOf(key)) ?? []), key]);
        const results = new Map<string, ImpactRow[]>();
        await Promise.all(
          [...walks.entries()].map(async ([walk, group]) => {
            const { direction, maxDepth, types } = group[0]!;
            const rootIds = [...new Set(group.map((key) => key.ciId))];
            const rows = await findImpact(reports, { rootIds, direction, maxDepth, types });
            const byRoot = groupByKey(rootIds, rows, (row) => row.rootId);
            rootIds.forEach((rootId, index) => results.set(`${rootId}|${walk}`, byRoot[index]!));
          }),
        );
        return keys.map((key) => results.get(`${key.ciId}|${walkOf(key)}`)!);
      },
      { cacheKeyFn: (key) => `${key.ciId}|${walkOf(key)}` },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/**
 * Loads rows that foreign keys guarantee to exist. A missing one is a broken
 * invariant: failing loudly beats a silent null on a non-null field.
 */
export async function loadExisting<Row>(loader: DataLoader<string, Row | null>, keys: readonly string[]): Promise<Row[]> {
  const rows = await loader.loadMany(keys);
  return rows.map((row, index) => {
    if (row instanceof Error) throw row;
    if (row === null) throw new Error(`missing row ${keys[index]} behind a foreign key`);
    return row;
  });
}
