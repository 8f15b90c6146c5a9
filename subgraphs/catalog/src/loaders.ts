import DataLoader from 'dataloader';
import { batchByKey, createPagedChildrenLoader, groupByKey, parseId, type Queryable } from '@inventory/platform';
import { findAssetModelsByIds, type AssetModelRow } from './db/asset-models.ts';
import {
  countAssignmentsOfAssets,
  findOpenAssignmentsOfAssets,
  listAssignmentsOfAssets,
  type AssetAssignmentRow,
} from './db/assignments.ts';
import {
  countAssetsOfPartNumbers,
  findAssetsByIds,
  findAssetsBySerialNumbers,
  listAssetsOfPartNumbers,
  type AssetRow,
} from './db/assets.ts';
import { countAuditEventsOfEntities, listAuditEventsOfEntities, type AuditEntityType, type AuditEventRow } from './db/audit.ts';
import {
  findAssetCategoriesByCodes,
  findAssetCategoriesByIds,
  findSpecVersionsByIds,
  listSpecVersionsOfCategories,
  type AssetCategoryRow,
  type SpecVersionRow,
} from './db/categories.ts';
import { findPartNumbersByCodes, findPartNumbersByIds, type PartNumberRow } from './db/part-numbers.ts';
import { findSuppliersByIds, listOffersOfPartNumbers, listOffersOfSuppliers, type SupplierOfferRow, type SupplierRow } from './db/suppliers.ts';

/** A per-request loader of one entity's audit trail, newest first. */
function auditTrailLoader(db: Queryable, entityType: AuditEntityType) {
  const counts = new DataLoader<string, number>(async (ids) =>
    batchByKey(ids, await countAuditEventsOfEntities(db, entityType, ids), (row) => row.entityId).map((row) => row?.count ?? 0),
  );
  return createPagedChildrenLoader<AuditEventRow>({
    cursorArity: 1,
    cursorOf: (row) => [row.id],
    parentOf: (row) => row.entityId,
    fetchPages: (ids, limit, after) => listAuditEventsOfEntities(db, entityType, ids, limit, after ? parseId(after[0]!, 'after') : null),
    countByParent: counts,
  });
}

/** The catalog's batch loaders. Made per request: a loader's cache never outlives its request. */
export function createLoaders(db: Queryable) {
  const assetCountByPartNumber = new DataLoader<string, number>(async (ids) => {
    const counts = await countAssetsOfPartNumbers(db, ids);
    return batchByKey(ids, counts, (row) => row.partNumberId).map((row) => row?.count ?? 0);
  });
  const assignmentCountByAsset = new DataLoader<string, number>(async (ids) =>
    batchByKey(ids, await countAssignmentsOfAssets(db, ids), (row) => row.assetId).map((row) => row?.count ?? 0),
  );
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
      batchByKey(serials, await findAssetsBySerialNumbers(db, serials), (row) => row.lookupKey),
    ),
    assetsByPartNumber: createPagedChildrenLoader<AssetRow>({
      cursorArity: 1,
      cursorOf: (row) => [row.id],
      parentOf: (row) => row.partNumberId,
      fetchPages: (parentIds, limit, after) =>
        listAssetsOfPartNumbers(db, parentIds, limit, after ? parseId(after[0]!, 'after') : null),
      countByParent: assetCountByPartNumber,
    }),
    supplierById: new DataLoader<string, SupplierRow | null>(async (ids) =>
      batchByKey(ids, await findSuppliersByIds(db, ids), (row) => row.id),
    ),
    offersByPartNumber: new DataLoader<string, SupplierOfferRow[]>(async (ids) =>
      groupByKey(ids, await listOffersOfPartNumbers(db, ids), (row) => row.partNumberId),
    ),
    offersBySupplier: new DataLoader<string, SupplierOfferRow[]>(async (ids) =>
      groupByKey(ids, await listOffersOfSuppliers(db, ids), (row) => row.supplierId),
    ),
    assetCategoryById: new DataLoader<string, AssetCategoryRow | null>(async (ids) =>
      batchByKey(ids, await findAssetCategoriesByIds(db, ids), (row) => row.id),
    ),
    assetCategoryByCode: new DataLoader<string, AssetCategoryRow | null>(async (codes) =>
      batchByKey(codes, await findAssetCategoriesByCodes(db, codes), (row) => row.code),
    ),
    specVersionById: new DataLoader<string, SpecVersionRow | null>(async (ids) =>
      batchByKey(ids, await findSpecVersionsByIds(db, ids), (row) => row.id),
    ),
    specVersionsByCategory: new DataLoader<string, SpecVersionRow[]>(async (ids) =>
      groupByKey(ids, await listSpecVersionsOfCategories(db, ids), (row) => row.categoryId),
    ),
    assetModelById: new DataLoader<string, AssetModelRow | null>(async (ids) =>
      batchByKey(ids, await findAssetModelsByIds(db, ids), (row) => row.id),
    ),
    openAssignmentByAsset: new DataLoader<string, AssetAssignmentRow | null>(async (ids) =>
      batchByKey(ids, await findOpenAssignmentsOfAssets(db, ids), (row) => row.assetId),
    ),
    assignmentsByAsset: createPagedChildrenLoader<AssetAssignmentRow>({
      cursorArity: 1,
      cursorOf: (row) => [row.id],
      parentOf: (row) => row.assetId,
      fetchPages: (ids, limit, after) => listAssignmentsOfAssets(db, ids, limit, after ? parseId(after[0]!, 'after') : null),
      countByParent: assignmentCountByAsset,
    }),
    timelineByAsset: auditTrailLoader(db, 'Asset'),
    historyByPartNumber: auditTrailLoader(db, 'PartNumber'),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
