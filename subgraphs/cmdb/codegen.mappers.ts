/**
 * GraphQL type -> TypeScript type the cmdb resolvers receive as parent
 * (paths relative to src/generated/). Read by the root codegen.ts.
 */
const connection = (row: string) => `@inventory/platform#Connection<${row}>`;

export const mappers: Record<string, string> = {
  ConfigurationItem: '../db/configuration-items.ts#ConfigurationItemRow',
  CiType: '../db/ci-types.ts#CiTypeRow',
  Relationship: '../db/relationships.ts#RelationshipRow',
  Service: '../db/services.ts#ServiceRow',
  Asset: '../db/references.ts#AssetRef',
  Location: '../db/references.ts#LocationRef',
  ConfigurationItemConnection: connection('ConfigurationItemRow'),
};
