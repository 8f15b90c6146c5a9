import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse, printSchema } from 'graphql';
import { SUBGRAPHS, schemaPathOf } from './subgraphs.ts';

/**
 * Composes the supergraph SDL from every subgraph's `schema.graphql`.
 * Routing URLs are the local defaults; the gateway replaces them at run time
 * from its configuration, so the file stays the same on every machine.
 * Throws with every composition error listed when the subgraphs disagree.
 */
export function composeSupergraph(): string {
  return compose().supergraphSdl;
}

/**
 * The API clients see: the supergraph without federation's internals (join
 * and link directives, `_entities`, `_service`), as codegen, client tooling
 * and partners read it.
 */
export function composeApiSchema(): string {
  return `${printSchema(compose().schema.toAPISchema().toGraphQLJSSchema())}\n`;
}

function compose() {
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
  return result;
}
