import { startSubgraphForTest, type GraphQLResult, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';

describe('the cmdb subgraph', () => {
  let cmdb: SubgraphUnderTest;

  beforeAll(async () => {
    cmdb = await startSubgraphForTest(start, inject('databaseUrl'));
  });
  afterAll(() => cmdb?.stop());

  const page = `query ($first: Int) {
    configurationItems(first: $first) {
      edges { node {
        code type { code } asset { id } location { id }
        relationships { type name direction target { code type { code } relationships(direction: OUTGOING) { type } } }
        services { code criticality status }
      } }
    }
  }`;

  it('runs the same statements for a page of 2 items as for a page of 50', async () => {
    const small = await cmdb.execute(page, { first: 2 });
    expect(small.errors).toBeUndefined();
    const fewStatements = [...cmdb.statements].sort();
    // One statement per level of nesting, none per item.
    expect(fewStatements).toEqual([
      'findActiveRelationshipsOfConfigurationItems',
      'findActiveRelationshipsOfConfigurationItems',
      'findCiTypesByIds',
      'findCiTypesByIds',
      'findConfigurationItemsByIds',
      'findServicesOfConfigurationItems',
      'listConfigurationItems',
    ]);
    const large = await cmdb.execute(page, { first: 50 });
    expect(large.errors).toBeUndefined();
    expect(large.data.configurationItems.edges).toHaveLength(50);
    expect([...cmdb.statements].sort()).toEqual(fewStatements);
  });

  it('names outgoing relationships by their type and incoming ones by its reverse name', async () => {
    const { data } = await cmdb.execute(`{ configurationItem(code: "CI-APP-0001") {
      relationships { relationshipId type name direction target { code } }
    } }`);
    const relationships = data.configurationItem.relationships;
    expect(relationships).toContainEqual(expect.objectContaining({ type: 'DEPENDS_ON', name: 'depends on', direction: 'OUTGOING', target: { code: 'CI-DB-0001' } }));
    expect(relationships).toContainEqual(expect.objectContaining({ type: 'DEPENDS_ON', name: 'is used by', direction: 'INCOMING', target: { code: 'CI-WS-0001' } }));
    const incomingOnly = await cmdb.execute(`{ configurationItem(code: "CI-APP-0001") { relationships(direction: INCOMING) { direction } } }`);
    expect(new Set(incomingOnly.data.configurationItem.relationships.map((r: { direction: string }) => r.direction))).toEqual(new Set(['INCOMING']));
  });

  it('shows the same link from both ends under one relationshipId', async () => {
    const { data } = await cmdb.execute(`{
      app: configurationItem(code: "CI-APP-0001") { relationships(direction: INCOMING) { relationshipId target { code } } }
      ws: configurationItem(code: "CI-WS-0001") { relationships(direction: OUTGOING) { relationshipId target { code } } }
    }`);
    const fromApp = data.app.relationships.find((r: any) => r.target.code === 'CI-WS-0001');
    const fromWorkstation = data.ws.relationships.find((r: any) => r.target.code === 'CI-APP-0001');
    expect(fromApp.relationshipId).toBe(fromWorkstation.relationshipId);
  });

  it('pages through configuration items by code without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const { data, errors }: GraphQLResult = await cmdb.execute(
        `query ($after: String) { configurationItems(first: 40, after: $after, filter: { typeCode: "SERVER" }) {
          totalCount edges { node { code } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(errors).toBeUndefined();
      total = data.configurationItems.totalCount;
      seen.push(...data.configurationItems.edges.map((e: any) => e.node.code));
      after = data.configurationItems.pageInfo.hasNextPage ? data.configurationItems.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual(seen);
  });

  it('refuses malformed ids and cursors as bad user input', async () => {
    for (const query of [
      '{ configurationItem(id: "not-a-number") { code } }',
      '{ configurationItem(id: "1", code: "CI-WS-0001") { code } }',
      '{ configurationItems(after: "garbage") { totalCount } }',
      '{ configurationItems(first: 1000) { totalCount } }',
    ]) {
      const { errors } = await cmdb.execute(query);
      expect(errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses malformed mutation arguments as bad user input, naming the argument, before anything is written', async () => {
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['createCiTypeVersion', 'ciTypeVersion { id }', { ciTypeId: 'x', attributes: [] }, '"ciTypeId" is not a valid id.'],
      ['publishCiTypeVersion', 'ciTypeVersion { id }', { versionId: '0' }, '"versionId" is not a valid id.'],
      ['createConfigurationItem', 'configurationItem { id }', { code: 'CI-NEVER', name: 'Never', typeCode: 'SERVER', assetId: '-1' }, '"assetId" is not a valid id.'],
      ['createConfigurationItem', 'configurationItem { id }', { code: 'CI-NEVER', name: 'Never', typeCode: 'SERVER', attributes: [1] }, '"attributes" must be a JSON object keyed by attribute key.'],
      ['updateConfigurationItem', 'configurationItem { id }', { id: '1', locationId: 'here' }, '"locationId" is not a valid id.'],
      ['updateConfigurationItem', 'configurationItem { id }', { id: '1', name: null }, '"name" cannot be cleared.'],
      ['relateConfigurationItems', 'relationship { relationshipId }', { fromId: '1', toId: 'two', typeCode: 'DEPENDS_ON' }, '"toId" is not a valid id.'],
      ['updateService', 'service { id }', { id: '1', criticality: null }, '"criticality" cannot be cleared.'],
      ['removeServiceMember', 'service { id }', { serviceId: '1', configurationItemId: '1.5' }, '"configurationItemId" is not a valid id.'],
    ];
    for (const [field, selection, input, message] of cases) {
      const inputType = `${field[0]!.toUpperCase()}${field.slice(1)}Input`;
      const { data, errors } = await cmdb.execute(`mutation ($input: ${inputType}!) { ${field}(input: $input) { ${selection} userErrors { code } } }`, { input }, { as: 'operator' });
      expect({ data, errors: errors?.map((error) => ({ message: error.message, code: error.extensions?.code })) }, field).toEqual({
        data: null,
        errors: [{ message, code: 'BAD_USER_INPUT' }],
      });
    }
    expect(cmdb.statements).toEqual([]);
  });

  it('resolves asset and configuration item references in one statement per entity type', async () => {
    const { data, errors } = await cmdb.execute(`{ _entities(representations: [
      { __typename: "Asset", id: "1" }, { __typename: "Asset", id: "3" }, { __typename: "ConfigurationItem", id: "2" }
    ]) { ... on Asset { configurationItem { code } } ... on ConfigurationItem { code } } }`);
    expect(errors).toBeUndefined();
    expect(data._entities).toEqual([{ configurationItem: { code: 'CI-WS-0001' } }, { configurationItem: { code: 'CI-WS-0003' } }, { code: 'CI-WS-0003' }]);
    expect([...cmdb.statements].sort()).toEqual(['findConfigurationItemsByAssetIds', 'findConfigurationItemsByIds']);
  });
});
