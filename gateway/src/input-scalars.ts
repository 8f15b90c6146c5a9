import { isScalarType, type GraphQLSchema } from 'graphql';
import { scalarResolvers } from '@inventory/platform';

/**
 * Teaches the gateway's API schema how the subgraphs read their custom
 * scalars (`Decimal`, `DateTime`, `Date`, `JSON`). A supergraph knows only
 * their names, so the gateway would pass `quantity: "abc"` on to a subgraph
 * and report the subgraph's refusal as part of a half-run request; with the
 * subgraphs' own parsing the gateway refuses it before planning, exactly as
 * it refuses a bad `Int`: a bad variable is `BAD_USER_INPUT`, a bad literal
 * fails validation, both with HTTP 400 and nothing fetched. Only input
 * parsing changes: results pass through as the subgraphs wrote them.
 */
export function parseInputScalarsAsSubgraphsDo(schema: GraphQLSchema): void {
  for (const [name, scalar] of Object.entries(scalarResolvers)) {
    const type = schema.getType(name);
    if (!isScalarType(type)) continue;
    type.parseValue = scalar.parseValue;
    type.parseLiteral = (node, variables) => {
      try {
        return scalar.parseLiteral(node, variables);
      } catch (error) {
        // A plain error lets validation name the literal and its location ("Expected value of type ...").
        throw new Error(error instanceof Error ? error.message : String(error));
      }
    };
  }
}
