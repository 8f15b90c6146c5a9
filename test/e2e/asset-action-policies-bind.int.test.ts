import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { publish } from '@inventory/schema/events';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';

const as = (key: string) => ({ 'x-api-key': key });
const ASSIGN = `mutation ($input: AssignAssetInput!) { assignAsset(input: $input) { asset { status } userErrors { code field message } } }`;
const CHANGE_STATUS = `mutation ($input: ChangeAssetStatusInput!) { changeAssetStatus(input: $input) { asset { status } userErrors { code field message } } }`;
const REQUEST = `mutation ($input: RequestAssetActionInput!) { requestAssetAction(input: $input) {
  approvalRequest { id value policy { code } } userErrors { code field message } } }`;
const CREATE_POLICY = `mutation ($input: CreateApprovalPolicyInput!) { createApprovalPolicy(input: $input) { approvalPolicy { id } userErrors { code field message } } }`;
const UPDATE_POLICY = `mutation ($input: UpdateApprovalPolicyInput!) { updateApprovalPolicy(input: $input) { approvalPolicy { active } userErrors { code field message } } }`;

// Far above any value other tests give their assets, so this file's policy binds only its own assets.
const BAND = { minValue: '900000000', maxValue: '900001000' };

describe('asset-action approval policies bind the direct mutations', () => {
  let stack: Stack;
  let tag: string;
  let partId: string;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
    tag = randomUUID().slice(0, 8).toUpperCase();
    partId = (await ok(`mutation ($input: CreatePartNumberInput!) { createPartNumber(input: $input) { partNumber { id } } }`, { input: { code: `${tag}-BIND`, description: 'Bound asset part', serialized: true } })).createPartNumber.partNumber.id;
  });
  afterAll(() => stack?.stop());

  async function ok(query: string, variables: Record<string, unknown>, key = 'dev-admin') {
    const { body } = await stack.execute(query, variables, as(key));
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  }

  async function asset(suffix: string, acquisitionCost: string | null): Promise<string> {
    const data = await ok(`mutation ($input: CreateAssetInput!) { createAsset(input: $input) { asset { id } userErrors { code } } }`, {
      input: { partNumberId: partId, serialNumber: `${tag}-${suffix}`, acquisitionCost },
    }, 'dev-operator');
    return data.createAsset.asset.id;
  }

  const assign = async (assetId: string) =>
    (await ok(ASSIGN, { input: { assetId, assigneeType: 'PERSON', assigneeId: 'emp-1', assigneeName: 'Ada' } }, 'dev-operator')).assignAsset;

  it("refuses scrapping directly under the demo's disposal policy, pointing to the approval path", async () => {
    const id = await asset('SCRAP', null);
    expect((await ok(CHANGE_STATUS, { input: { id, status: 'SCRAPPED' } }, 'dev-operator')).changeAssetStatus).toEqual({
      asset: null,
      userErrors: [{
        code: 'APPROVAL_REQUIRED',
        field: ['input', 'status'],
        message: 'Policy ASSET_DISPOSAL requires approval to dispose of this asset: ask for it with requestAssetAction (action DISPOSE).',
      }],
    });
    expect((await ok(CHANGE_STATUS, { input: { id, status: 'LOST' } }, 'dev-operator')).changeAssetStatus).toEqual({ asset: { status: 'LOST' }, userErrors: [] });
  });

  it('binds a policy from the moment it is saved, judged on the asset value, until it is switched off', async () => {
    const covered = await asset('IN-BAND', '900000500');
    const cheap = await asset('BELOW', '500');
    const policy = (await ok(CREATE_POLICY, {
      input: { code: `BIND_${tag}`, name: 'Valuable assignments', subjectKind: 'ASSET_ACTION', assetActions: ['ASSIGN'], ...BAND, priority: 900, levels: [{ approverRole: 'ADMIN' }] },
    })).createApprovalPolicy;
    expect(policy.userErrors).toEqual([]);

    // At once: no waiting for catalog to hear of the policy.
    expect(await assign(covered)).toEqual({
      asset: null,
      userErrors: [{
        code: 'APPROVAL_REQUIRED',
        field: ['input', 'assetId'],
        message: `Policy BIND_${tag} requires approval to assign this asset: ask for it with requestAssetAction (action ASSIGN).`,
      }],
    });
    expect(await assign(cheap)).toEqual({ asset: { status: 'IN_USE' }, userErrors: [] });

    // The requester's value is ignored: the asset's own value picks the policy.
    const request = (await ok(REQUEST, { input: { assetId: covered, action: 'ASSIGN', value: '1', assignee: { type: 'PERSON', id: 'emp-2', name: 'Grace' } } }, 'dev-operator')).requestAssetAction;
    expect(request).toEqual({ approvalRequest: { id: expect.any(String), value: '900000500', policy: { code: `BIND_${tag}` } }, userErrors: [] });

    expect((await ok(UPDATE_POLICY, {
      input: { id: policy.approvalPolicy.id, active: false, name: 'Valuable assignments', assetActions: ['ASSIGN'], ...BAND, priority: 900, levels: [{ approverRole: 'ADMIN' }] },
    })).updateApprovalPolicy).toEqual({ approvalPolicy: { active: false }, userErrors: [] });
    expect(await assign(covered)).toEqual({ asset: { status: 'IN_USE' }, userErrors: [] });
  });

  it('refuses moving a covered asset directly in stock, judged on its value, and takes the request instead', async () => {
    const covered = await asset('MOVE-IN', '900000900');
    const cheap = await asset('MOVE-OUT', '10');
    const place = async (code: string) =>
      (await ok(`mutation ($input: CreateLocationInput!) { createLocation(input: $input) { location { id } } }`, { input: { code: `${tag}-${code}`, name: code, type: 'WAREHOUSE' } })).createLocation.location.id as string;
    const [from, to] = [await place('FROM'), await place('TO')];
    const record = async (input: Record<string, unknown>) => {
      for (let attempt = 0; ; attempt++) {
        const payload = (await ok(`mutation ($input: RecordMovementInput!) { recordMovement(input: $input) { movement { status } userErrors { code field message } } }`, {
          input: { idempotencyKey: randomUUID(), partNumberId: partId, quantity: '1', ...input },
        }, 'dev-operator')).recordMovement;
        // Stock hears of a new asset through catalog's events.
        if (payload.userErrors[0]?.code !== 'NOT_FOUND' || attempt === 100) return payload;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    for (const id of [covered, cheap]) expect((await record({ type: 'INBOUND', assetId: id, toLocationId: from })).userErrors).toEqual([]);
    const policy = (await ok(CREATE_POLICY, {
      input: { code: `MOVE_${tag}`, name: 'Valuable moves', subjectKind: 'ASSET_ACTION', assetActions: ['MOVE'], ...BAND, priority: 900, levels: [{ approverRole: 'ADMIN' }] },
    })).createApprovalPolicy.approvalPolicy;

    expect(await record({ type: 'TRANSFER', assetId: covered, fromLocationId: from, toLocationId: to })).toEqual({
      movement: null,
      userErrors: [{
        code: 'APPROVAL_REQUIRED',
        field: ['input', 'assetId'],
        // The demo's ASSET_MOVE (5,000 and more) covers this asset too; the policy approvals would pick is named.
        message: `Policy MOVE_${tag} requires approval to move this asset: ask for it with requestAssetAction (action MOVE).`,
      }],
    });
    expect(await record({ type: 'TRANSFER', assetId: cheap, fromLocationId: from, toLocationId: to })).toEqual({ movement: { status: 'POSTED' }, userErrors: [] });
    const request = (await ok(REQUEST, { input: { assetId: covered, action: 'MOVE', toLocationId: to } }, 'dev-operator')).requestAssetAction;
    expect(request.approvalRequest.policy).toEqual({ code: `MOVE_${tag}` });

    await ok(UPDATE_POLICY, { input: { id: policy.id, active: false, name: 'Valuable moves', assetActions: ['MOVE'], ...BAND, priority: 900, levels: [{ approverRole: 'ADMIN' }] } });
  });

  it('judges by every policy approvals committed, even one no consumer has applied yet', async () => {
    const id = await asset('HELD', '900000700');
    const holder = new pg.Client({ connectionString: inject('databaseUrl') });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      const eventId = await publish(
        { query: async (_name, text, values) => (await holder.query(text, values as unknown[])).rows },
        'approvals.policy.saved',
        { policyId: '990000000001', code: `HELD_${tag}`, subjectKind: 'ASSET_ACTION', active: true, assetActions: ['REPAIR'], ...BAND, priority: 900 },
        { producer: 'approvals', requestId: null },
      );
      // Consumers skip an event whose lock is held.
      await holder.query(`SELECT pg_advisory_lock(hashtextextended('catalog:' || $1::text, 0))`, [eventId]);
      await holder.query('COMMIT');

      expect((await ok(CHANGE_STATUS, { input: { id, status: 'MAINTENANCE' } }, 'dev-operator')).changeAssetStatus.userErrors).toEqual([{
        code: 'APPROVAL_REQUIRED',
        field: ['input', 'status'],
        message: `Policy HELD_${tag} requires approval to send to repair this asset: ask for it with requestAssetAction (action REPAIR).`,
      }]);
      expect((await holder.query('SELECT 1 FROM catalog.inbox WHERE event_id = $1', [eventId])).rowCount).toBe(0);
    } finally {
      await holder.query(`UPDATE catalog.approval_policy SET active = false WHERE policy_id = 990000000001`);
      await holder.end();
    }
  });
});
