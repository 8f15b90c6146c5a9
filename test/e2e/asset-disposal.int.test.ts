import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/eventually.ts';

const as = (key: string) => ({ 'x-api-key': key });
const RECORD = `mutation ($input: RecordMovementInput!) { recordMovement(input: $input) { movement { id status } userErrors { code field message } } }`;
const DECIDE = `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) { approvalRequest { id status } userErrors { code message } } }`;
const ASSET = `query ($id: ID!) { asset(id: $id) { status location { id } partNumber { stock { onHand available } } } }`;

describe('an approved disposal takes the asset out of stock', () => {
  let stack: Stack;
  let assetId: string;
  let locationId: string;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
    const tag = randomUUID().slice(0, 8).toUpperCase();
    const part = await stack.execute(
      `mutation ($input: CreatePartNumberInput!) { createPartNumber(input: $input) { partNumber { id } } }`,
      { input: { code: `${tag}-DISP`, description: 'Disposal test part', serialized: true } },
    );
    const partNumberId = part.body.data.createPartNumber.partNumber.id;
    const asset = await stack.execute(
      `mutation ($input: CreateAssetInput!) { createAsset(input: $input) { asset { id } } }`,
      { input: { partNumberId, serialNumber: `${tag}-SN` } },
    );
    assetId = asset.body.data.createAsset.asset.id;
    const location = await stack.execute(
      `mutation ($input: CreateLocationInput!) { createLocation(input: $input) { location { id } } }`,
      { input: { code: `${tag}-WH`, name: 'Disposal test', type: 'WAREHOUSE' } },
    );
    locationId = location.body.data.createLocation.location.id;
    // Stock learns of the part and the asset through catalog's events; receive the asset once it has.
    const key = randomUUID();
    await eventually(
      () => stack.execute(RECORD, { input: { idempotencyKey: key, type: 'INBOUND', partNumberId, assetId, quantity: '1', unitCost: '500', toLocationId: locationId } }),
      (response) => response.body.data?.recordMovement?.movement?.status === 'POSTED',
    );
  });
  afterAll(() => stack?.stop());

  it('scraps the asset in catalog and writes its unit off in stock once both levels approve', async () => {
    const before = (await stack.execute(ASSET, { id: assetId }, as('dev-analyst'))).body.data.asset;
    expect(before).toMatchObject({ status: 'AVAILABLE', location: { id: locationId }, partNumber: { stock: { onHand: '1', available: '1' } } });

    const requested = await stack.execute(
      `mutation ($input: RequestAssetActionInput!) { requestAssetAction(input: $input) { approvalRequest { id requiredLevels } userErrors { code message } } }`,
      { input: { assetId, action: 'DISPOSE', reason: 'Water damage' } },
      as('dev-operator'),
    );
    expect(requested.body.errors).toBeUndefined();
    const request = requested.body.data.requestAssetAction.approvalRequest;
    for (let level = 0; level < request.requiredLevels; level += 1) {
      const decided = await stack.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE' } }, as(level === 0 ? 'dev-approver' : 'dev-admin'));
      expect(decided.body.data.decideApproval.userErrors).toEqual([]);
    }

    const after = await eventually(
      async () => (await stack.execute(ASSET, { id: assetId }, as('dev-analyst'))).body.data.asset,
      (asset) => asset.status === 'SCRAPPED' && asset.location === null,
    );
    expect(after).toEqual({ status: 'SCRAPPED', location: null, partNumber: { stock: { onHand: '0', available: '0' } } });
  });
});
