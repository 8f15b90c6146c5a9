import { scalarResolvers } from '@inventory/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { Asset } from './Asset.ts';
import { Balance } from './Balance.ts';
import { CountLine, CountSession, StockDivergence } from './CountSession.ts';
import { Location, LocationStockValue } from './Location.ts';
import { MovementSummaryRow } from './MovementSummaryRow.ts';
import { LowStockItem } from './LowStockItem.ts';
import { Mutation } from './Mutation.ts';
import { Reservation } from './Reservation.ts';
import { Movement } from './Movement.ts';
import { PartNumber } from './PartNumber.ts';
import { Query } from './Query.ts';
import { FulfilReservationPayload, RecordMovementPayload, ReleaseReservationPayload, ReserveStockPayload } from './payloads.ts';

export const resolvers: Resolvers = {
  DateTime: scalarResolvers.DateTime,
  Date: scalarResolvers.Date,
  Decimal: scalarResolvers.Decimal,
  JSON: scalarResolvers.JSON,
  Query,
  Mutation,
  Reservation,
  LowStockItem,
  CountSession,
  CountLine,
  StockDivergence,
  Location,
  LocationStockValue,
  MovementSummaryRow,
  Movement,
  Balance,
  PartNumber,
  Asset,
  RecordMovementPayload,
  ReserveStockPayload,
  ReleaseReservationPayload,
  FulfilReservationPayload,
};
