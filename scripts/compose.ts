import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { composeSupergraph } from './lib/compose.ts';
import { SUPERGRAPH_PATH } from './lib/subgraphs.ts';

// npm run compose: rewrites schema/supergraph.graphql from the subgraph SDL files.
writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
process.stdout.write(`Wrote ${relative(process.cwd(), SUPERGRAPH_PATH)}\n`);
