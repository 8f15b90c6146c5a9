import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, silentLogger, type RunningServer } from '@inventory/platform';
import { start } from '../src/server.ts';

const databaseUrl = process.env.DATABASE_URL;

describe.skipIf(!databaseUrl)('the cmdb subgraph', () => {
  let db: Database;
  let server: RunningServer;
  let statements: string[] = [];

  beforeAll(async () => {
    db = new Database({ connectionString: databaseUrl!, applicationName: 'cmdb-test' });
    db.observe((event) => statements.push(event.name));
    server = await start({ db, logger: silentLogger, config: { mode: 'test', port: 0, host: '127.0.0.1' } });
  });

  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  async function execute(query: string, variables: Record<string, unknown> = {}) {
    statements = [];
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  }

  const page = `query ($first: Int) {
    configurationItems(first: $first) {
      edges { node {
        code type { code } asset { id } location { id }
        relationships { type name direction target { code type { code } relationships(direction: OUTGOING) { type } } }
        services { code criticality }
      } }
    }
  }`;

  it('runs the same statements for a page of 2 items as for a page of 50', async () => {
    const small = await execute(page, { first: 2 });
    expect(small.errors).toBeUndefined();
    const fewStatements = [...statements].sort();
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
    const large = await execute(page, { first: 50 });
    expect(large.errors).toBeUndefined();
    expect([...statements].sort()).toEqual(fewStatements);
  });

  it('lists outgoing relationships with the type name and incoming ones with the reverse name', async () => {
    const { data } = await execute(`{ configurationItems(first: 100) { edges { node { code
      relationships { type name direction target { code } }
    } } } }`);
    const relationships = data.configurationItems.edges.flatMap((edge: any) => edge.node.relationships);
    expect(relationships.length).toBeGreaterThan(0);
    const outgoing = relationships.filter((relationship: any) => relationship.direction === 'OUTGOING');
    const incoming = relationships.filter((relationship: any) => relationship.direction === 'INCOMING');
    expect(outgoing.some((relationship: any) => relationship.type === 'DEPENDS_ON' && relationship.name === 'depends on')).toBe(true);
    expect(incoming.some((relationship: any) => relationship.type === 'DEPENDS_ON' && relationship.name === 'is used by')).toBe(true);
  });

  it('refuses a malformed id as bad user input', async () => {
    const { errors } = await execute('{ configurationItem(id: "not-a-number") { code } }');
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('resolves assets and configuration items from representations in one statement each', async () => {
    const { data, errors } = await execute(`{ _entities(representations: [
      { __typename: "Asset", id: "1" }, { __typename: "Asset", id: "3" }, { __typename: "ConfigurationItem", id: "2" }
    ]) { ... on Asset { configurationItem { id } } ... on ConfigurationItem { code } } }`);
    expect(errors).toBeUndefined();
    expect(data._entities).toHaveLength(3);
    expect(statements.sort()).toEqual(['findConfigurationItemsByAssetIds', 'findConfigurationItemsByIds']);
  });
});
