import { DateTimeScalar, DecimalScalar, JSONScalar } from '@inventory/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { ApprovalLevel } from './ApprovalLevel.ts';
import { ApprovalPolicy } from './ApprovalPolicy.ts';
import { ApprovalRequest } from './ApprovalRequest.ts';
import { Asset } from './Asset.ts';
import { Movement } from './Movement.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Decimal: DecimalScalar,
  JSON: JSONScalar,
  Query,
  Mutation,
  ApprovalRequest,
  ApprovalLevel,
  ApprovalPolicy,
  Asset,
  Movement,
};
