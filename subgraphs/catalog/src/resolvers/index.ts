import { scalarResolvers } from '@inventory/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { Asset } from './Asset.ts';
import { AssetCategory } from './AssetCategory.ts';
import { AssetModel } from './AssetModel.ts';
import { Mutation } from './Mutation.ts';
import { PartNumber } from './PartNumber.ts';
import { Query } from './Query.ts';
import { SpecVersion } from './SpecVersion.ts';
import { Supplier } from './Supplier.ts';
import { SupplierOffer } from './SupplierOffer.ts';
import { UnitOfMeasure } from './UnitOfMeasure.ts';

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query,
  Mutation,
  PartNumber,
  Asset,
  Supplier,
  SupplierOffer,
  AssetCategory,
  SpecVersion,
  AssetModel,
  UnitOfMeasure,
};
