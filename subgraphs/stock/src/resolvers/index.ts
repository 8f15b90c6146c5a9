import { scalarResolvers } from '@inventory/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { Asset } from './Asset.ts';
import { Balance } from './Balance.ts';
import { Location } from './Location.ts';
import { Movement } from './Movement.ts';
import { PartNumber } from './PartNumber.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = {
  DateTime: scalarResolvers.DateTime,
  Decimal: scalarResolvers.Decimal,
  Query,
  Location,
  Movement,
  Balance,
  PartNumber,
  Asset,
};
