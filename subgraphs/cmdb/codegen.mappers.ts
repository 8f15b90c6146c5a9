import { connection, USER_ERROR_MAPPER } from '@inventory/platform/codegen-mappers';

/**
 * GraphQL type -> TypeScript type the cmdb resolvers receive as parent
 * (paths relative to src/generated/). Read by the root codegen.ts.
 */
export const mappers: Record<string, string> = {
  ConfigurationItem: '../db/configuration-items.ts#ConfigurationItemRow',
  CiType: '../db/ci-types.ts#CiTypeRow',
  CiTypeVersion: '../db/ci-type-versions.ts#CiTypeVersionRow',
  AttributeDefinition: '../db/ci-type-versions.ts#AttributeDefinitionRow',
  Relationship: '../db/relationships.ts#RelationshipRow',
  RelationshipType: '../db/relationship-types.ts#RelationshipTypeRow',
  CiTypePair: '../db/relationship-types.ts#CiTypePairRow',
  Service: '../db/services.ts#ServiceRow',
  ServiceMember: '../db/services.ts#ServiceMemberRow',
  ImpactedItem: '../db/impact.ts#ImpactRow',
  ImpactedService: '../domain/impact.ts#ImpactedServiceSummary',
  Asset: '../db/references.ts#AssetRef',
  Location: '../db/references.ts#LocationRef',
  UserError: USER_ERROR_MAPPER,
  ConfigurationItemConnection: connection('ConfigurationItemRow'),
  ServiceConnection: connection('ServiceRow'),
};
