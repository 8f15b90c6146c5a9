import { startSubgraphForTest, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';

/**
 * The CMDB given a report pool of its own: a second connection to the test
 * database, counted apart, standing in for a streaming replica.
 */
describe('the CMDB with a report pool', () => {
  let cmdb: SubgraphUnderTest;

  beforeAll(async () => {
    const databaseUrl = inject('databaseUrl');
    cmdb = await startSubgraphForTest(start, databaseUrl, { reportDatabaseUrl: databaseUrl });
  });
  afterAll(async () => {
    await cmdb?.stop();
  });

  it('walks an impact analysis on the report pool, and reads the item itself and its relationships from the primary', async () => {
    const items = await cmdb.execute('{ configurationItems(first: 3) { edges { node { id } } } }');
    expect(items.errors).toBeUndefined();
    expect(cmdb.reportStatements).toEqual([]);
    const ids = items.data.configurationItems.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(ids.length).toBeGreaterThan(0);

    const { errors } = await cmdb.execute(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on ConfigurationItem {
        relationships { type } impact(direction: DOWNSTREAM, maxDepth: 3) { depth } impactedServices(direction: UPSTREAM) { depth }
      } } }`,
      { reps: ids.map((id: string) => ({ __typename: 'ConfigurationItem', id })) },
    );
    expect(errors).toBeUndefined();
    // One walk per direction, however many items.
    expect(cmdb.reportStatements).toHaveLength(2);
    expect(cmdb.statements.length).toBeGreaterThan(0);
  });
});
