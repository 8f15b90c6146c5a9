import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
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

/**
 * Refuses a request whose `operationName` names no operation in its
 * document, or that leaves the choice open among several: a client's
 * mistake, answered 400 `OPERATION_RESOLUTION_FAILURE` (the gateway's
 * executor would fail on it later with a 500).
 */
export function operationMustResolve<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const message = request.operationName
            ? `The document has no operation named "${request.operationName}".`
            : 'The document has several operations; say which to run in operationName.';
          throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
        },
      };
    },
  };
}
