/**
 * GraphQL type -> TypeScript type the catalog resolvers receive as parent
 * (paths relative to src/generated/). Read by the root codegen.ts.
 */
const connection = (row: string) => `@inventory/platform#Connection<${row}>`;

export const mappers: Record<string, string> = {
  PartNumber: '../db/part-numbers.ts#PartNumberRow',
  Asset: '../db/assets.ts#AssetRow',
  PartNumberConnection: connection('PartNumberRow'),
  AssetConnection: connection('AssetRow'),
};
