import { scalarResolvers } from '@inventory/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { Asset } from './Asset.ts';
import { ConfigurationItem } from './ConfigurationItem.ts';
import { Query } from './Query.ts';
import { Relationship } from './Relationship.ts';

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query,
  ConfigurationItem,
  Relationship,
  Asset,
};
