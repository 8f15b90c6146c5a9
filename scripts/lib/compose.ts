import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPHS, schemaPathOf } from './subgraphs.ts';

/**
 * Composes the supergraph SDL from every subgraph's `schema.graphql`.
 * Routing URLs are the local defaults; the gateway replaces them at run time
 * from its configuration, so the file stays the same on every machine.
 * Throws with every composition error listed when the subgraphs disagree.
 */
export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map(({ name, port }) => ({
      name,
      url: `http://localhost:${port}/graphql`,
      typeDefs: parse(readFileSync(schemaPathOf(name), 'utf8')),
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
