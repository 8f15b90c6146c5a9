/**
 * npm run operations: rewrites schema/persisted-operations.json from
 * schema/operations/*.graphql, keeping earlier versions of changed operations
 * callable, and the partner docs (schema/operations/PARTNERS.md) from them.
 * `npm run operations -- --retire <id>` removes an earlier version.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { renderPartnerDocs, PARTNER_DOCS_PATH } from './lib/partner-docs.ts';
import { buildManifest, MANIFEST_PATH, OPERATIONS_DIR, readExamples, readManifest, retireOperation, serializeManifest } from './lib/persisted-operations.ts';

const retire = process.argv.indexOf('--retire');
let manifest = buildManifest(OPERATIONS_DIR, readManifest());
if (retire !== -1) {
  const id = process.argv[retire + 1];
  if (!id) throw new Error('--retire needs the id of an earlier version');
  manifest = retireOperation(manifest, id);
}
writeFileSync(MANIFEST_PATH, serializeManifest(manifest));
writeFileSync(PARTNER_DOCS_PATH, renderPartnerDocs(manifest, readExamples()));
const earlier = manifest.operations.filter((operation) => operation.supersededBy).length;
process.stdout.write(`Wrote ${manifest.operations.length - earlier} operations${earlier ? ` and ${earlier} earlier versions still callable` : ''} to ${relative(process.cwd(), MANIFEST_PATH)}, and the partner docs to ${relative(process.cwd(), PARTNER_DOCS_PATH)}\n`);
