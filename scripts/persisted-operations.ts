/** npm run operations: rewrites schema/persisted-operations.json from schema/operations/*.graphql. */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { buildManifest, MANIFEST_PATH, serializeManifest } from './lib/persisted-operations.ts';

const manifest = buildManifest();
writeFileSync(MANIFEST_PATH, serializeManifest(manifest));
process.stdout.write(`Wrote ${manifest.operations.length} operations to ${relative(process.cwd(), MANIFEST_PATH)}\n`);
