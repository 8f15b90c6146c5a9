import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';

type SubgraphResolvers = NonNullable<Extract<Parameters<typeof buildSubgraphSchema>[0], { resolvers?: unknown }>['resolvers']>;

/** Parses a subgraph's `schema.graphql` (the contract composition reads). */
export function readTypeDefs(schemaFile: URL): DocumentNode {
  return parse(readFileSync(schemaFile, 'utf8'));
}

/**
 * Builds an executable federated schema from SDL and codegen-typed resolvers.
 * Caveat: resolvers typed by codegen are structurally wider than Apollo's
 * resolver map, hence the single cast here rather than one per subgraph.
 */
export function createSubgraphSchema(typeDefs: DocumentNode, resolvers: object): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as SubgraphResolvers });
}
