import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { composeApiSchema, composeSupergraph } from './lib/compose.ts';
import { API_SCHEMA_PATH, SUPERGRAPH_PATH } from './lib/subgraphs.ts';

// npm run compose: rewrites schema/supergraph.graphql (what the gateway runs)
// and schema/api.graphql (what clients see) from the subgraph SDL files.
writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
writeFileSync(API_SCHEMA_PATH, composeApiSchema());
process.stdout.write(`Wrote ${relative(process.cwd(), SUPERGRAPH_PATH)} and ${relative(process.cwd(), API_SCHEMA_PATH)}\n`);
