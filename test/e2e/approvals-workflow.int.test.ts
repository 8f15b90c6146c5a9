import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/eventually.ts';

const tag = randomUUID().slice(0, 8).toUpperCase();
const as = (key: string) => ({ 'x-api-key': key });

const RECORD = `mutation ($input: RecordMovementInput!) { recordMovement(input: $input) {
  movement { id status } userErrors { code field message } } }`;
const DECIDE = `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) {
  approvalRequest { id status currentLevel decisions { level decidedBy } } userErrors { code field message } } }`;
const MOVEMENT = `query ($id: ID!) { movement(id: $id) {
  id status approval { id kind status currentLevel requiredLevels requestedBy value triggers policy { code } } } }`;
const BALANCES = `query ($id: ID!) { partNumber(id: $id) { balances { location { code } onHand } } }`;

describe('multi-level approval of stock movements through the gateway', () => {
  let stack: Stack;
  let partNumberId: string;
  const from = `${tag}-FROM`;
  const to = `${tag}-TO`;
  const locationIds: Record<string, string> = {};

  const balances = async () => {
    const { body } = await stack.execute(BALANCES, { id: partNumberId }, as('dev-analyst'));
    return Object.fromEntries(body.data.partNumber.balances.map((balance: { location: { code: string }; onHand: string }) => [balance.location.code, balance.onHand]));
  };
  const movement = async (id: string) => (await stack.execute(MOVEMENT, { id }, as('dev-analyst'))).body.data.movement;
  const transfer = async (quantity: string) => {
    const { body } = await stack.execute(
      RECORD,
      { input: { idempotencyKey: randomUUID(), type: 'TRANSFER', partNumberId, quantity, fromLocationId: locationIds[from], toLocationId: locationIds[to], reason: 'Rebalance' } },
      as('dev-operator'),
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.recordMovement).toMatchObject({ movement: { status: 'PENDING_APPROVAL' }, userErrors: [] });
    const id = body.data.recordMovement.movement.id as string;
    // Approvals opens the request from stock's outbox event.
    return eventually(() => movement(id), (value) => value.approval !== null);
  };

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
    const part = await stack.execute(
      `mutation ($input: CreatePartNumberInput!) { createPartNumber(input: $input) { partNumber { id } userErrors { code message } } }`,
      { input: { code: `${tag}-PART`, description: 'Approval test part' } },
    );
    partNumberId = part.body.data.createPartNumber.partNumber.id;
    for (const code of [from, to]) {
      const { body } = await stack.execute(
        `mutation ($input: CreateLocationInput!) { createLocation(input: $input) { location { id } userErrors { code message } } }`,
        { input: { code, name: `Approval test ${code}`, type: 'WAREHOUSE' } },
      );
      locationIds[code] = body.data.createLocation.location.id;
    }
    // Stock learns about the new part through catalog's events; receive stock as soon as it has, at 250 a unit, in
    // receipts each worth less than the approval threshold.
    for (let receipt = 0; receipt < 4; receipt += 1) {
      const key = randomUUID();
      await eventually(
        () => stack.execute(RECORD, { input: { idempotencyKey: key, type: 'INBOUND', partNumberId, quantity: '25', unitCost: '250', toLocationId: locationIds[from] } }),
        (response) => response.body.data?.recordMovement?.movement?.status === 'POSTED',
      );
    }
  });
  afterAll(() => stack?.stop());

  it('posts a high-value transfer once, after an approver and then a second approver approve it', async () => {
    expect(await balances()).toEqual({ [from]: '100' });
    const pending = await transfer('60');
    expect(pending.approval).toMatchObject({
      kind: 'STOCK_MOVEMENT', status: 'PENDING', currentLevel: 1, requiredLevels: 2, requestedBy: 'dev-operator',
      value: '15000', triggers: ['VALUE_THRESHOLD'], policy: { code: 'TRANSFER_HIGH_VALUE' },
    });
    const requestId = pending.approval.id;

    const byRequester = await stack.execute(DECIDE, { input: { requestId, decision: 'APPROVE' } }, as('dev-operator'));
    expect(byRequester.body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const first = await stack.execute(DECIDE, { input: { requestId, decision: 'APPROVE', comment: 'Level 1 ok' } }, as('dev-approver'));
    expect(first.body.data.decideApproval).toEqual({
      approvalRequest: { id: requestId, status: 'PENDING', currentLevel: 2, decisions: [{ level: 1, decidedBy: 'dev-approver' }] },
      userErrors: [],
    });
    const again = await stack.execute(DECIDE, { input: { requestId, decision: 'APPROVE' } }, as('dev-approver'));
    expect(again.body.data.decideApproval.userErrors.map((error: { code: string }) => error.code)).toEqual(['REPEATED_APPROVER']);
    expect((await movement(pending.id)).status).toBe('PENDING_APPROVAL');
    expect(await balances()).toEqual({ [from]: '100' });

    const second = await stack.execute(DECIDE, { input: { requestId, decision: 'APPROVE', comment: 'Level 2 ok' } }, as('dev-admin'));
    expect(second.body.data.decideApproval.approvalRequest).toMatchObject({ status: 'APPROVED', currentLevel: 2 });

    const posted = await eventually(() => movement(pending.id), (value) => value.status === 'POSTED');
    expect(posted.approval.status).toBe('APPROVED');
    expect(await balances()).toEqual({ [from]: '40', [to]: '60' });
    // A late decision changes nothing, and the balances stay as they are.
    const late = await stack.execute(DECIDE, { input: { requestId, decision: 'REJECT' } }, as('dev-approver'));
    expect(late.body.data.decideApproval.userErrors.map((error: { code: string }) => error.code)).toEqual(['INVALID_TRANSITION']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await balances()).toEqual({ [from]: '40', [to]: '60' });
  });

  it('leaves balances untouched when the transfer is rejected', async () => {
    const before = await balances();
    const pending = await transfer('41');
    const { body } = await stack.execute(DECIDE, { input: { requestId: pending.approval.id, decision: 'REJECT', comment: 'Not now' } }, as('dev-approver'));
    expect(body.data.decideApproval.approvalRequest).toMatchObject({ status: 'REJECTED', currentLevel: 1 });
    const rejected = await eventually(() => movement(pending.id), (value) => value.status === 'REJECTED');
    expect(rejected.approval.status).toBe('REJECTED');
    expect(await balances()).toEqual(before);
  });

  it('lists what the caller may decide now, never their own requests', async () => {
    const pending = await transfer('1000');
    const assigned = `query ($id: ID!) { approvalRequests(filter: { assignedToMe: true, movementId: $id }) { totalCount } }`;
    const count = async (key: string) => (await stack.execute(assigned, { id: pending.id }, as(key))).body.data.approvalRequests.totalCount;
    expect([await count('dev-approver'), await count('dev-admin'), await count('dev-operator'), await count('dev-analyst')]).toEqual([1, 1, 0, 0]);
  });
});
