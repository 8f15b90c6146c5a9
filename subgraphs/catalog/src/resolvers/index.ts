import { scalarResolvers } from '@inventory/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { Asset } from './Asset.ts';
import { PartNumber } from './PartNumber.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query,
  PartNumber,
  Asset,
};
