import { readFileSync } from 'node:fs';
import { buildASTSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, parse, type GraphQLNamedType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { planOf } from '../bench/lib/profile.ts';
import { composeApiSchema, composeSupergraph } from '../scripts/lib/compose.ts';
import { API_SCHEMA_PATH, SUBGRAPHS, SUPERGRAPH_PATH, schemaPathOf } from '../scripts/lib/subgraphs.ts';

describe('the composed supergraph', () => {
  it('in schema/supergraph.graphql is what the subgraph SDL files compose to (run `npm run compose` after changing them)', () => {
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composeSupergraph());
  });

  it('in schema/api.graphql is the API clients see, without federation internals (run `npm run compose` after changing them)', () => {
    const api = readFileSync(API_SCHEMA_PATH, 'utf8');
    expect(api).toBe(composeApiSchema());
    expect(api).not.toMatch(/join__|link__|_entities|_service|@key/);
  });

  it('gives every object a client can meet in more than one place an id, so a normalized cache keeps one copy', () => {
    const api = buildASTSchema(parse(readFileSync(API_SCHEMA_PATH, 'utf8')));
    // Values that live inside one parent object only (the cache keeps them with it), and lists' and payloads' wrappers.
    const VALUES = /^(Query|Mutation|PageInfo|UserError|.*Connection|.*Edge|.*Payload|StockLevel|SupplierContact|SpecField|AttributeDefinition|CiTypePair|MovementSummaryRow|ImpactedItem|ImpactedService|StockDivergence|UnmatchedStockLine|StockReconciliation)$/;
    const withoutId = Object.values(api.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__') && !VALUES.test(type.name))
      .filter((type) => isObjectType(type) && !('id' in type.getFields()))
      .map((type) => type.name);
    expect(withoutId).toEqual([]);
  });

  it('plans the headline AssetOverview as catalog, then one call to each other subgraph', () => {
    // Stock's Asset key carries the part number, so the asset's stock facts and its part's balances come in one call.
    const plan = planOf(readFileSync(SUPERGRAPH_PATH, 'utf8'), readFileSync(new URL('../schema/operations/AssetOverview.graphql', import.meta.url), 'utf8'));
    expect(plan.sequentialStages).toBe(2);
    expect([...plan.fetches].sort()).toEqual(['approvals', 'catalog', 'cmdb', 'stock']);
  });
});

// Federation's own types and the root operation types need no prose of ours.
const EXEMPT = /^(_.*|link__.*|join__.*|federation__.*|FieldSet|Query|Mutation|String|Int|Float|Boolean|ID)$/;

/** Every type, field, argument and enum value in `type` that has no description. */
function undocumented(type: GraphQLNamedType): string[] {
  const missing: string[] = [];
  if (!EXEMPT.test(type.name) && !type.description) missing.push(type.name);
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      if (field.name.startsWith('_')) continue;
      if (!field.description) missing.push(`${type.name}.${field.name}`);
      for (const arg of 'args' in field ? field.args : []) {
        if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
  }
  if (isEnumType(type)) {
    for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

describe.each(SUBGRAPHS.map(({ name }) => name))('the %s subgraph SDL', (name) => {
  it('documents every type, field and enum value (the explorer is the documentation)', () => {
    const document = parse(readFileSync(schemaPathOf(name), 'utf8'));
    const schema = buildASTSchema(document, { assumeValid: true, assumeValidSDL: true });
    const missing = Object.values(schema.getTypeMap())
      .filter((type) => !type.name.startsWith('__'))
      .flatMap(undocumented);
    expect(missing).toEqual([]);
  });
});
