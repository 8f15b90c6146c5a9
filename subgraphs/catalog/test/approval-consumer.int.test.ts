import { silentLogger, type OutboxConsumer } from '@inventory/platform';
import { mutate, startSubgraphForTest, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { publish, type EventPayload } from '@inventory/schema/events';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createConsumers } from '../src/events/consumed.ts';
import { start } from '../src/server.ts';

describe('catalog applying approved asset actions from approvals.request.decided', () => {
  let catalog: SubgraphUnderTest;
  let consumers: OutboxConsumer[];
  let tag: string;
  let partId: string;
  let requestCounter = 0;

  beforeAll(async () => {
    catalog = await startSubgraphForTest(start, inject('databaseUrl'));
    consumers = createConsumers(catalog.db, silentLogger);
    tag = uniqueTag();
    const part = await mutate(catalog, 'createPartNumber', 'partNumber { id }', { code: `PN-APR-${tag}`, description: 'x', serialized: true });
    partId = part.partNumber.id;
  });
  afterAll(() => catalog?.stop());

  async function newAsset(suffix: string): Promise<string> {
    const { asset } = await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: partId, serialNumber: `SN-APR-${tag}-${suffix}` });
    return asset.id;
  }

  /**
   * Publishes a decision as approvals would, then applies it (the server's own consumer may get there first).
   * Only catalog's actions are published: a MOVE or a movement decision would be applied by stock's consumer.
   */
  async function decide(payload: Partial<EventPayload<'approvals.request.decided'>>): Promise<{ eventId: string; requestId: string }> {
    const requestId = `req-${tag}-${++requestCounter}`;
    const eventId = await catalog.db.transaction((tx) =>
      publish(
        tx,
        'approvals.request.decided',
        {
          requestId: String(9000 + requestCounter),
          kind: 'ASSET_ACTION',
          outcome: 'APPROVED',
          movementId: null,
          assetId: null,
          action: null,
          actionInput: {},
          decidedBy: 'dev-approver',
          comment: null,
          reviewed: false,
          ...payload,
        },
        { producer: 'approvals', requestId },
      ),
    );
    for (let attempt = 0; attempt < 100; attempt++) {
      await Promise.all(consumers.map((consumer) => consumer.drain()));
      const applied = await catalog.db.query('testInbox', 'SELECT 1 FROM catalog.inbox WHERE event_id = $1', [eventId]);
      if (applied.length === 1) return { eventId, requestId };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`event ${eventId} was never applied`);
  }

  async function assetState(id: string) {
    const { data } = await catalog.execute(
      `query ($id: ID!) { asset(id: $id) { status assignment { assigneeType assigneeId assigneeName assignedBy } timeline(first: 1) { edges { node { action actor requestId after } } } } }`,
      { id },
    );
    return data.asset;
  }

  it('assigns an asset when an ASSIGN is approved, with the decider as actor', async () => {
    const id = await newAsset('ASSIGN');
    const { requestId } = await decide({ assetId: id, action: 'ASSIGN', actionInput: { assigneeType: 'PERSON', assigneeId: 'E-77', assigneeName: 'Ada Lovelace' } });
    const state = await assetState(id);
    expect(state.status).toBe('IN_USE');
    expect(state.assignment).toEqual({ assigneeType: 'PERSON', assigneeId: 'E-77', assigneeName: 'Ada Lovelace', assignedBy: 'dev-approver' });
    expect(state.timeline.edges[0].node).toMatchObject({ action: 'asset.assigned', actor: 'dev-approver', requestId });
  });

  it('returns, repairs and disposes of assets when those actions are approved', async () => {
    const id = await newAsset('CYCLE');
    await decide({ assetId: id, action: 'ASSIGN', actionInput: { assigneeType: 'DEPARTMENT', assigneeId: 'FIN' } });
    await decide({ assetId: id, action: 'RETURN', actionInput: { note: 'Back from finance' } });
    let state = await assetState(id);
    expect(state).toMatchObject({ status: 'AVAILABLE', assignment: null });
    expect(state.timeline.edges[0].node.action).toBe('asset.returned');
    await decide({ assetId: id, action: 'REPAIR', comment: 'Screen flicker' });
    state = await assetState(id);
    expect(state.status).toBe('MAINTENANCE');
    expect(state.timeline.edges[0].node.after).toMatchObject({ status: 'MAINTENANCE', note: 'Screen flicker' });
    await decide({ assetId: id, action: 'DISPOSE' });
    expect((await assetState(id)).status).toBe('SCRAPPED');
  });

  it('ignores rejected, cancelled and expired decisions', async () => {
    const id = await newAsset('IGNORE');
    await decide({ assetId: id, action: 'DISPOSE', outcome: 'REJECTED' });
    await decide({ assetId: id, action: 'DISPOSE', outcome: 'CANCELLED' });
    await decide({ assetId: id, action: 'DISPOSE', outcome: 'EXPIRED' });
    const state = await assetState(id);
    expect(state.status).toBe('AVAILABLE');
    expect(state.timeline.edges[0].node.action).toBe('asset.created');
  });

  it('records an approved action the asset no longer allows on its timeline instead of retrying it', async () => {
    const id = await newAsset('REFUSED');
    await decide({ assetId: id, action: 'DISPOSE' });
    const { eventId } = await decide({ assetId: id, action: 'ASSIGN', actionInput: { assigneeType: 'PERSON', assigneeId: 'E-1' } });
    const state = await assetState(id);
    expect(state.status).toBe('SCRAPPED');
    expect(state.assignment).toBeNull();
    expect(state.timeline.edges[0].node).toMatchObject({
      action: 'asset.approved_action_refused',
      actor: 'dev-approver',
      after: { action: 'ASSIGN', userErrors: [{ code: 'INVALID_TRANSITION', field: ['input', 'assetId'], message: expect.any(String) }] },
    });
    const inbox = await catalog.db.query('testInbox', 'SELECT 1 FROM catalog.inbox WHERE event_id = $1', [eventId]);
    expect(inbox).toHaveLength(1);
  });

  it('applies each event once however often it is drained', async () => {
    const id = await newAsset('ONCE');
    await decide({ assetId: id, action: 'REPAIR' });
    await Promise.all([...consumers, ...consumers].map((consumer) => consumer.drain()));
    const { data } = await catalog.execute(`query ($id: ID!) { asset(id: $id) { timeline { edges { node { action } } } } }`, { id });
    expect(data.asset.timeline.edges.map((edge: any) => edge.node.action)).toEqual(['asset.status_changed', 'asset.created']);
  });
});
