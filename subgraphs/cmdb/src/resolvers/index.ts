import { scalarResolvers } from '@inventory/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { Asset } from './Asset.ts';
import { CiType } from './CiType.ts';
import { CiTypePair } from './CiTypePair.ts';
import { CiTypeVersion } from './CiTypeVersion.ts';
import { ConfigurationItem } from './ConfigurationItem.ts';
import { ImpactedItem } from './ImpactedItem.ts';
import { ImpactedService } from './ImpactedService.ts';
import { Location } from './Location.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Relationship } from './Relationship.ts';
import { RelationshipType } from './RelationshipType.ts';
import { Service } from './Service.ts';
import { ServiceMember } from './ServiceMember.ts';

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query,
  Mutation,
  ConfigurationItem,
  CiType,
  CiTypeVersion,
  CiTypePair,
  Relationship,
  RelationshipType,
  ImpactedItem,
  ImpactedService,
  Service,
  ServiceMember,
  Asset,
  Location,
};
