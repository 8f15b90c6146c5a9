/**
 * GraphQL type -> TypeScript type the stock resolvers receive as parent
 * (paths relative to src/generated/). Read by the root codegen.ts.
 */
const connection = (row: string) => `@inventory/platform#Connection<${row}>`;

export const mappers: Record<string, string> = {
  Location: '../db/locations.ts#LocationRow',
  Movement: '../db/movements.ts#MovementRow',
  Balance: '../db/balances.ts#BalanceRow',
  StockLevel: '../db/balances.ts#StockLevelRow',
  PartNumber: '../db/references.ts#PartNumberRef',
  Asset: '../db/references.ts#AssetRef',
  LocationConnection: connection('LocationRow'),
  MovementConnection: connection('MovementRow'),
};
