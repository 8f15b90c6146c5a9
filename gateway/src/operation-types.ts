import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Refuses an operation whose type the API does not offer (a `subscription`:
 * the graph has no subscription root) while the document is validated, so
 * the client gets `GRAPHQL_VALIDATION_FAILED` with HTTP 400 instead of the
 * query planner failing on it later. graphql-js 16 has no such rule of its
 * own.
 */
export const knownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    context.reportError(new GraphQLError(`This API offers no ${node.operation} operations; use a query or a mutation.`, { nodes: node }));
  },
});
