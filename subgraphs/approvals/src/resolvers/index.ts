import { DateTimeScalar } from '@inventory/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { ApprovalRequest } from './ApprovalRequest.ts';
import { Asset } from './Asset.ts';
import { Movement } from './Movement.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  ApprovalRequest,
  Asset,
  Movement,
};
