import { fileURLToPath } from 'node:url';

/** The subgraphs of the supergraph, their default ports and where their SDL lives. */
export const SUBGRAPHS = [
  { name: 'catalog', port: 4001 },
  { name: 'stock', port: 4002 },
  { name: 'cmdb', port: 4003 },
  { name: 'approvals', port: 4004 },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

export const ROOT_DIR = fileURLToPath(new URL('../..', import.meta.url));

export function schemaPathOf(name: SubgraphName): string {
  return fileURLToPath(new URL(`../../subgraphs/${name}/schema.graphql`, import.meta.url));
}

export const SUPERGRAPH_PATH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));
/** The client-facing API schema (the supergraph without federation's internals), rewritten with it. */
export const API_SCHEMA_PATH = fileURLToPath(new URL('../../schema/api.graphql', import.meta.url));
