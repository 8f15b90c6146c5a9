import { createSubgraphSchema, readTypeDefs } from '@inventory/platform';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers/index.ts';

/** The CMDB's SDL, the contract composition reads. */
const typeDefs = readTypeDefs(new URL('../schema.graphql', import.meta.url));

/** The executable subgraph schema. */
export function createSchema(): GraphQLSchema {
  return createSubgraphSchema(typeDefs, resolvers);
}
