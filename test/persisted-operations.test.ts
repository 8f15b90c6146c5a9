import { readFileSync } from 'node:fs';
import { buildASTSchema, Kind, parse, print, printSchema, validate, visit, type GraphQLSchema } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegisteredOperations } from '../gateway/src/persisted-operations.ts';
import { PARTNER_DOCS_PATH, renderPartnerDocs } from '../scripts/lib/partner-docs.ts';
import { buildManifest, MANIFEST_PATH, OPERATIONS_DIR, readExamples, readManifest, retireOperation, serializeManifest } from '../scripts/lib/persisted-operations.ts';
import { SUPERGRAPH_PATH } from '../scripts/lib/subgraphs.ts';

/** The schema clients see: the supergraph without federation's machinery. */
function apiSchema(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** Every validation error of every registered operation against `schema`, by operation name. */
function breakages(schema: GraphQLSchema): Record<string, string[]> {
  const broken: Record<string, string[]> = {};
  for (const operation of buildManifest(OPERATIONS_DIR, readManifest()).operations) {
    const errors = validate(schema, parse(operation.body)).map((error) => error.message);
    if (errors.length > 0) broken[operation.name] = errors;
  }
  return broken;
}

describe('the registered operations partners rely on', () => {
  it('in schema/persisted-operations.json are what schema/operations holds (run `npm run operations` after changing them)', () => {
    expect(readFileSync(MANIFEST_PATH, 'utf8')).toBe(serializeManifest(buildManifest(OPERATIONS_DIR, readManifest())));
  });

  it('are all valid against the current supergraph', () => {
    expect(breakages(apiSchema(readFileSync(SUPERGRAPH_PATH, 'utf8')))).toEqual({});
  });

  it('are described in schema/operations/PARTNERS.md as they are now (run `npm run operations` after changing them or the schema)', () => {
    const manifest = buildManifest(OPERATIONS_DIR, readManifest());
    expect(readFileSync(PARTNER_DOCS_PATH, 'utf8')).toBe(renderPartnerDocs(manifest, readExamples()));
  });

  it('keep an edited operation\'s earlier id working until it is retired', () => {
    const dir = mkdtempSync(join(tmpdir(), 'operations-'));
    try {
      const file = join(dir, 'PartCode.graphql');
      writeFileSync(file, 'query PartCode($code: String!) { partNumber(code: $code) { id } }');
      const first = buildManifest(dir, null);
      writeFileSync(file, 'query PartCode($code: String!) { partNumber(code: $code) { id code } }');
      const second = buildManifest(dir, first);
      const [current, earlier] = second.operations;
      expect(second.operations).toHaveLength(2);
      expect(earlier).toEqual({ ...first.operations[0], supersededBy: current!.id });
      // Built again from itself, nothing changes; the gateway answers both ids.
      expect(buildManifest(dir, second)).toEqual(second);
      const path = join(dir, 'manifest.json');
      writeFileSync(path, serializeManifest(second));
      expect([...loadRegisteredOperations(path).byId.keys()].sort()).toEqual([current!.id, earlier!.id].sort());
      // Retired, the earlier id is gone; the current one cannot be retired that way.
      expect(retireOperation(second, earlier!.id).operations).toEqual([current]);
      expect(() => retireOperation(second, current!.id)).toThrow(/current version/);
      // Deleting the file removes the operation with every version.
      rmSync(file);
      expect(buildManifest(dir, second).operations).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('would catch a schema change that breaks one of them', () => {
    const current = readFileSync(SUPERGRAPH_PATH, 'utf8');
    const sdl = apiSchema(current);
    const broken = buildASTSchema(parse(printWithout(sdl, 'PartNumber', 'unitOfMeasure')));
    expect(breakages(broken)).toEqual({ StockByPartCode: ['Cannot query field "unitOfMeasure" on type "PartNumber".'] });
  });
});

/** The schema's SDL with one field of one type removed: a breaking change. */
function printWithout(schema: GraphQLSchema, type: string, field: string): string {
  const document = visit(parse(printSchema(schema)), {
    FieldDefinition(node, _key, _parent, _path, ancestors) {
      const owner = ancestors.at(-1);
      return owner && 'kind' in owner && owner.kind === Kind.OBJECT_TYPE_DEFINITION && owner.name.value === type && node.name.value === field ? null : undefined;
    },
  });
  return print(document);
}
