import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/eventually.ts';

const as = (key: string) => ({ 'x-api-key': key });
const REQUEST = `mutation ($input: RequestAssetActionInput!) { requestAssetAction(input: $input) {
  approvalRequest { id kind status requiredLevels action actionInput asset { id serialNumber } } userErrors { code field message } } }`;
const DECIDE = `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) {
  approvalRequest { id status } userErrors { code field message } } }`;
const ASSET = `query ($id: ID!) { asset(id: $id) { status assignment { assigneeType assigneeId } pendingApprovals { id action } } }`;

describe('approved asset actions through the gateway', () => {
  let stack: Stack;
  let assetId: string;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
    const tag = randomUUID().slice(0, 8).toUpperCase();
    const part = await stack.execute(
      `mutation ($input: CreatePartNumberInput!) { createPartNumber(input: $input) { partNumber { id } } }`,
      { input: { code: `${tag}-APPR`, description: 'Approval asset test part', serialized: true } },
    );
    const asset = await stack.execute(
      `mutation ($input: CreateAssetInput!) { createAsset(input: $input) { asset { id } userErrors { code message } } }`,
      { input: { partNumberId: part.body.data.createPartNumber.partNumber.id, serialNumber: `${tag}-SN` } },
    );
    assetId = asset.body.data.createAsset.asset.id;
  });
  afterAll(() => stack?.stop());

  it("assigns the asset in catalog once an approver approves the operator's request", async () => {
    const { body } = await stack.execute(
      REQUEST,
      { input: { assetId, action: 'ASSIGN', reason: 'New starter', assignee: { type: 'PERSON', id: 'emp-4711', name: 'Ada Lovelace' } } },
      as('dev-operator'),
    );
    expect(body.errors).toBeUndefined();
    const request = body.data.requestAssetAction.approvalRequest;
    expect(request).toMatchObject({
      kind: 'ASSET_ACTION', status: 'PENDING', requiredLevels: 1, action: 'ASSIGN',
      actionInput: { assigneeType: 'PERSON', assigneeId: 'emp-4711', assigneeName: 'Ada Lovelace' },
      asset: { id: assetId, serialNumber: expect.stringMatching(/-SN$/) },
    });
    expect((await stack.execute(ASSET, { id: assetId }, as('dev-analyst'))).body.data.asset).toMatchObject({
      assignment: null,
      pendingApprovals: [{ id: request.id, action: 'ASSIGN' }],
    });

    const decided = await stack.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE' } }, as('dev-approver'));
    expect(decided.body.data.decideApproval).toEqual({ approvalRequest: { id: request.id, status: 'APPROVED' }, userErrors: [] });

    const assigned = await eventually(
      async () => (await stack.execute(ASSET, { id: assetId }, as('dev-analyst'))).body.data.asset,
      (asset) => asset.assignment !== null,
    );
    expect(assigned).toMatchObject({ assignment: { assigneeType: 'PERSON', assigneeId: 'emp-4711' }, pendingApprovals: [] });
  });
});
