import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type SelectionSetNode } from 'graphql';
import type { GatewayContext } from '../context.ts';

/** Fields that make an operation an analyst report: each scans a subtree, a period or a graph. */
export const REPORT_FIELDS: ReadonlySet<string> = new Set(['lowStock', 'stockReconciliation', 'impact']);

function selectsReport(selectionSet: SelectionSetNode | undefined, fragments: Map<string, SelectionSetNode>, seen = new Set<string>()): boolean {
  if (!selectionSet) return false;
  return selectionSet.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return REPORT_FIELDS.has(selection.name.value) || selectsReport(selection.selectionSet, fragments, seen);
    if (selection.kind === Kind.INLINE_FRAGMENT) return selectsReport(selection.selectionSet, fragments, seen);
    if (seen.has(selection.name.value)) return false;
    seen.add(selection.name.value);
    return selectsReport(fragments.get(selection.name.value), fragments, seen);
  });
}

/**
 * Gives report operations a budget of their own: at most `limit` run at
 * once in this gateway, so heavy scans cannot starve the light, frequent
 * operations (the headline). Past it a report is refused with 503
 * `OVERLOADED` and `Retry-After`, before anything is planned or fetched.
 * 0 turns the budget off.
 */
export function reportBudget(limit: number): ApolloServerPlugin<GatewayContext> {
  let running = 0;
  return {
    async requestDidStart() {
      let counted = false;
      return {
        async didResolveOperation({ operation, document }) {
          if (limit <= 0 || !operation) return;
          const fragments = new Map(
            document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition.selectionSet] as const] : [])),
          );
          if (!selectsReport(operation.selectionSet, fragments)) return;
          if (running >= limit) {
            // Apollo Server reads the status and headers of an error's `http` extension (a HeaderMap).
            const http = { status: 503, headers: new HeaderMap([['retry-after', '1']]) };
            throw new GraphQLError(`${running} reports are running already; retry shortly.`, { extensions: { code: 'OVERLOADED', http } as Record<string, unknown> });
          }
          running++;
          counted = true;
        },
        async willSendResponse() {
          if (counted) running--;
          counted = false;
        },
      };
    },
  };
}
