import { startSubgraphForTest, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';

describe('the approvals subgraph', () => {
  let approvals: SubgraphUnderTest;

  beforeAll(async () => {
    approvals = await startSubgraphForTest(start, inject('databaseUrl'));
  });
  afterAll(() => approvals?.stop());

  it('lists pending requests oldest first, with what they are about', async () => {
    const { data, errors } = await approvals.execute(`{ approvalRequests(first: 100, filter: { status: [PENDING] }) {
      totalCount edges { node { id kind status currentLevel requiredLevels asset { id } movement { id } decisions { level } } } } }`);
    expect(errors).toBeUndefined();
    const nodes = data.approvalRequests.edges.map((edge: any) => edge.node);
    // The test database is shared with other tests that open requests at the same time: a page of up to 100, all counted.
    expect(nodes.length).toBeGreaterThanOrEqual(Math.min(11, data.approvalRequests.totalCount));
    expect(nodes.length).toBeLessThanOrEqual(100);
    expect(data.approvalRequests.totalCount).toBeGreaterThanOrEqual(nodes.length);
    expect(nodes.length).toBeGreaterThanOrEqual(11);
    expect(nodes.map((node: any) => Number(node.id))).toEqual([...nodes.map((node: any) => Number(node.id))].sort((a, b) => a - b));
    for (const node of nodes) {
      expect(node.status).toBe('PENDING');
      expect(node.kind === 'ASSET_ACTION' ? node.asset : node.movement).not.toBeNull();
    }
  });

  it('answers pending approvals for many assets and the approval of many movements in one statement each', async () => {
    const representations = [
      ...Array.from({ length: 60 }, (_, index) => ({ __typename: 'Asset', id: String(index + 1) })),
      ...Array.from({ length: 40 }, (_, index) => ({ __typename: 'Movement', id: String(index + 420) })),
    ];
    const { data, errors } = await approvals.execute(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on Asset { pendingApprovals { id title } } ... on Movement { approval { id kind } } } }`,
      { representations },
    );
    expect(errors).toBeUndefined();
    expect(data._entities[0].pendingApprovals).toEqual([
      { id: expect.any(String), title: 'Replace battery under warranty' },
      { id: expect.any(String), title: 'Reassign to the night shift team' },
    ]);
    expect(data._entities.slice(60).filter((movement: any) => movement.approval !== null).length).toBeGreaterThan(0);
    expect([...approvals.statements].sort()).toEqual(['findApprovalRequestsByMovementIds', 'listPendingApprovalRequestsOfAssets']);
  });
});
