import { connection, USER_ERROR_MAPPER } from '@inventory/platform/codegen-mappers';

/**
 * GraphQL type -> TypeScript type the catalog resolvers receive as parent
 * (paths relative to src/generated/). Read by the root codegen.ts.
 */
export const mappers: Record<string, string> = {
  PartNumber: '../db/part-numbers.ts#PartNumberRow',
  Asset: '../db/assets.ts#AssetRow',
  Supplier: '../db/suppliers.ts#SupplierRow',
  SupplierOffer: '../db/suppliers.ts#SupplierOfferRow',
  AssetCategory: '../db/categories.ts#AssetCategoryRow',
  SpecVersion: '../db/categories.ts#SpecVersionRow',
  SpecField: '../domain/spec.ts#SpecField as SpecFieldDefinition',
  UserError: USER_ERROR_MAPPER,
  AssetModel: '../db/asset-models.ts#AssetModelRow',
  AssetAssignment: '../db/assignments.ts#AssetAssignmentRow',
  UnitOfMeasure: '../db/units.ts#UnitOfMeasureRow',
  AuditEvent: '../db/audit.ts#AuditEventRow',
  PartNumberConnection: connection('PartNumberRow'),
  AssetConnection: connection('AssetRow'),
  SupplierConnection: connection('SupplierRow'),
  AssetCategoryConnection: connection('AssetCategoryRow'),
  AssetModelConnection: connection('AssetModelRow'),
  AssetAssignmentConnection: connection('AssetAssignmentRow'),
  AuditEventConnection: connection('AuditEventRow'),
};
