import { connection, USER_ERROR_MAPPER } from '@inventory/platform/codegen-mappers';

/**
 * GraphQL type -> TypeScript type the stock resolvers receive as parent
 * (paths relative to src/generated/). Read by the root codegen.ts.
 */
export const mappers: Record<string, string> = {
  Location: '../db/locations.ts#LocationRow',
  Movement: '../db/movements.ts#MovementRow',
  Balance: '../db/balances.ts#BalanceRow',
  StockLevel: '../db/balances.ts#StockLevelRow',
  PartNumber: '../db/references.ts#PartNumberRef',
  Asset: '../db/references.ts#AssetRef',
  UserError: USER_ERROR_MAPPER,
  CountSession: '../db/counts.ts#CountSessionRow',
  CountLine: '../db/counts.ts#CountLineRow',
  StockDivergence: '../db/counts.ts#DivergenceRow',
  UnmatchedStockLine: '../db/counts.ts#UnmatchedLine',
  Reservation: '../db/reservations.ts#ReservationRow',
  LowStockItem: '../db/balances.ts#LowStockItemRow',
  MovementSummaryRow: '../db/summaries.ts#MovementSummaryGroupRow',
  LocationStockValue: '../db/summaries.ts#ChildStockValueRow',
  RecordMovementPayload: '../resolvers/payloads.ts#MovementPayload',
  ReserveStockPayload: '../resolvers/payloads.ts#ReservationPayload',
  ReleaseReservationPayload: '../resolvers/payloads.ts#ReservationPayload',
  FulfilReservationPayload: '../resolvers/payloads.ts#FulfilmentPayload',
  LocationConnection: connection('LocationRow'),
  ReservationConnection: connection('ReservationRow'),
  LowStockConnection: connection('LowStockItemRow'),
  MovementConnection: connection('MovementRow'),
  LocationAssetConnection: connection('AssetRef'),
};
