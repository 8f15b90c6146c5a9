import { Database } from '@inventory/platform';
import { uniqueTag } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runDeadlines } from '../src/workers/deadlines.ts';
import {
  createBandPolicy,
  decidedEvents,
  DECIDE,
  requestMovementApproval,
  requestOfMovement,
  startApprovals,
  uniqueBand,
  waitForEvent,
  type ApprovalsUnderTest,
} from './helpers.ts';

const DELEGATE = `mutation ($input: DelegateApprovalsInput!) { delegateApprovals(input: $input) {
  delegation { id delegator delegate revokedAt createdBy } userErrors { code field message } } }`;
const REVOKE = `mutation ($input: RevokeApprovalDelegationInput!) { revokeApprovalDelegation(input: $input) {
  delegation { id revokedAt } userErrors { code field message } } }`;
const ASSIGNED = `query ($movementId: ID!) { approvalRequests(filter: { assignedToMe: true, movementId: $movementId }) { totalCount } }`;

const hours = (count: number) => new Date(Date.now() + count * 3_600_000).toISOString();

describe('delegation, escalation and expiry', () => {
  let approvals: ApprovalsUnderTest;

  beforeAll(async () => {
    approvals = await startApprovals(inject('databaseUrl'));
  });
  afterAll(() => approvals?.stop());

  async function openNamedRequest(approver: string, extra: Record<string, unknown> = {}, levelExtra: Record<string, unknown> = {}) {
    const band = uniqueBand();
    await createBandPolicy(approvals, band, [{ approvers: [approver], ...levelExtra }], extra);
    const { movementId, eventId } = await requestMovementApproval(approvals.db, { value: String(band) });
    await waitForEvent(approvals, eventId);
    const [request] = await requestOfMovement(approvals, movementId);
    return { request, movementId };
  }

  it('lets a delegate decide for a named approver through a chain, keeping both names, and refuses cycles', async () => {
    const alice = `alice-${uniqueTag()}`;
    const carol = `carol-${uniqueTag()}`;
    const { request, movementId } = await openNamedRequest(alice);

    const refused = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE' } }, { as: 'approver' });
    expect(refused.data.decideApproval.userErrors).toEqual([
      { code: 'NOT_ALLOWED_AT_LEVEL', field: ['input', 'requestId'], message: `You may not decide level 1 of request ${request.id}: it is for ${alice}.` },
    ]);
    expect((await approvals.execute(ASSIGNED, { movementId }, { as: 'approver' })).data.approvalRequests.totalCount).toBe(0);

    // alice -> carol -> test-approver, recorded by an admin for alice and by carol's stand-in, the admin again.
    const first = await approvals.execute(DELEGATE, { input: { delegator: alice, delegate: carol, startsAt: hours(-1), endsAt: hours(24), reason: 'Holiday' } });
    expect(first.data.delegateApprovals).toMatchObject({ delegation: { delegator: alice, delegate: carol, revokedAt: null, createdBy: 'test-admin' }, userErrors: [] });
    const second = await approvals.execute(DELEGATE, { input: { delegator: carol, delegate: 'test-approver', startsAt: hours(-1), endsAt: hours(24) } });
    expect(second.data.delegateApprovals.userErrors).toEqual([]);

    const cycle = await approvals.execute(DELEGATE, { input: { delegator: 'test-approver', delegate: alice, startsAt: hours(1), endsAt: hours(2) } }, { as: 'approver' });
    expect(cycle.data.delegateApprovals).toEqual({
      delegation: null,
      userErrors: [{ code: 'DELEGATION_CYCLE', field: ['input', 'delegate'], message: `${alice} already delegates, directly or through others, to test-approver in this period.` }],
    });
    const forSomeoneElse = await approvals.execute(DELEGATE, { input: { delegator: alice, delegate: 'x', startsAt: hours(30), endsAt: hours(40) } }, { as: 'approver' });
    expect(forSomeoneElse.data.delegateApprovals.userErrors.map((error: { code: string }) => error.code)).toEqual(['NOT_OWNER']);
    const overlapping = await approvals.execute(DELEGATE, { input: { delegator: alice, delegate: `dave-${uniqueTag()}`, startsAt: hours(2), endsAt: hours(3) } });
    expect(overlapping.data.delegateApprovals.userErrors.map((error: { code: string }) => error.code)).toEqual(['DUPLICATE']);
    const backwards = await approvals.execute(DELEGATE, { input: { delegate: 'someone', startsAt: hours(3), endsAt: hours(2) } }, { as: 'approver' });
    expect(backwards.data.delegateApprovals.userErrors).toEqual([{ code: 'INVALID_VALUE', field: ['input', 'endsAt'], message: 'The delegation must end after it starts.' }]);

    expect((await approvals.execute(ASSIGNED, { movementId }, { as: 'approver' })).data.approvalRequests.totalCount).toBe(1);
    const listed = await approvals.execute(
      `query ($who: String!, $at: DateTime!) { approvalDelegations(filter: { delegator: $who, activeAt: $at }) { totalCount edges { node { delegate reason } } } }`,
      { who: alice, at: new Date().toISOString() },
      { as: 'analyst' },
    );
    expect(listed.data.approvalDelegations).toEqual({ totalCount: 1, edges: [{ node: { delegate: carol, reason: 'Holiday' } }] });
    const decided = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE', comment: 'For Alice' } }, { as: 'approver' });
    expect(decided.data.decideApproval.approvalRequest).toMatchObject({
      status: 'APPROVED',
      decisions: [{ level: 1, decision: 'APPROVE', decidedBy: 'test-approver', onBehalfOf: alice, comment: 'For Alice' }],
    });
    const [audit] = await approvals.db.query<{ after: { decision: { delegationChain: string[]; delegationId: string } } }>(
      'test:decisionAudit',
      `SELECT after FROM approvals.audit_event WHERE entity_id = $1 AND action = 'approval_request.approved'`,
      [request.id],
    );
    expect(audit!.after.decision.delegationChain).toEqual([alice, carol, 'test-approver']);
    expect(audit!.after.decision.delegationId).toBe(first.data.delegateApprovals.delegation.id);
  });

  it('stops a revoked delegation from counting', async () => {
    const bob = `bob-${uniqueTag()}`;
    const { request } = await openNamedRequest(bob);
    const { data } = await approvals.execute(DELEGATE, { input: { delegator: bob, delegate: 'test-approver', startsAt: hours(-1), endsAt: hours(5) } });
    const delegationId = data.delegateApprovals.delegation.id;
    const notTheirs = await approvals.execute(REVOKE, { input: { delegationId } }, { as: 'approver' });
    expect(notTheirs.data.revokeApprovalDelegation.userErrors.map((error: { code: string }) => error.code)).toEqual(['NOT_OWNER']);
    const revoked = await approvals.execute(REVOKE, { input: { delegationId } });
    expect(revoked.data.revokeApprovalDelegation).toMatchObject({ delegation: { id: delegationId, revokedAt: expect.any(String) }, userErrors: [] });
    const again = await approvals.execute(REVOKE, { input: { delegationId } });
    expect(again.data.revokeApprovalDelegation.userErrors.map((error: { code: string }) => error.code)).toEqual(['INVALID_TRANSITION']);
    const refused = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE' } }, { as: 'approver' });
    expect(refused.data.decideApproval.userErrors.map((error: { code: string }) => error.code)).toEqual(['NOT_ALLOWED_AT_LEVEL']);
  });

  it('escalates a request past its level SLA to the escalation target, who may then decide it', async () => {
    const nobody = `nobody-${uniqueTag()}`;
    const { request, movementId } = await openNamedRequest(nobody, {}, { slaHours: 2, escalateToRole: 'APPROVER' });
    const early = await approvals.server.runDeadlines(new Date(Date.now() + 3_600_000));
    expect(early.escalated).not.toContain(request.id);
    expect((await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE' } }, { as: 'approver' })).data.decideApproval.userErrors[0].code).toBe(
      'NOT_ALLOWED_AT_LEVEL',
    );

    const later = new Date(Date.now() + 3 * 3_600_000);
    await approvals.server.runDeadlines(later);
    const [escalated] = await requestOfMovement(approvals, movementId);
    expect(escalated).toMatchObject({ status: 'ESCALATED', currentLevel: 1, escalatedAt: later.toISOString() });
    expect(Date.parse(escalated.dueAt)).toBe(later.getTime() + 2 * 3_600_000);
    // A second pass (another process's worker) changes nothing.
    await approvals.server.runDeadlines(later);
    const [still] = await requestOfMovement(approvals, movementId);
    expect(still.escalatedAt).toBe(later.toISOString());

    const { data } = await approvals.execute(`query ($id: ID!) { approvalRequest(id: $id) { id } asset: approvalRequests(filter: { status: [ESCALATED], movementId: "${movementId}" }) { totalCount } }`, { id: request.id });
    expect(data.asset.totalCount).toBe(1);
    const decided = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE' } }, { as: 'approver' });
    expect(decided.data.decideApproval.approvalRequest.status).toBe('APPROVED');
  });

  it('expires a request past its final deadline, once, and publishes the outcome', async () => {
    const { request, movementId } = await openNamedRequest('test-approver', { expiresAfterHours: 5 });
    expect(request.expiresAt).not.toBeNull();
    const overdue = await approvals.execute(`query ($id: ID!) { approvalRequests(filter: { movementId: $id, overdue: false }) { totalCount } }`, { id: movementId });
    expect(overdue.data.approvalRequests.totalCount).toBe(1);

    const later = new Date(Date.now() + 6 * 3_600_000);
    // Two worker processes (each with its own pool) running the same pass at once.
    const otherProcess = new Database({ connectionString: inject('databaseUrl'), applicationName: 'approvals-test-worker', maxConnections: 2 });
    const runs = await Promise.all([runDeadlines(approvals.db, later), runDeadlines(otherProcess, later), approvals.server.runDeadlines(later)]).finally(() =>
      otherProcess.close(),
    );
    expect(runs.flatMap((run) => run.expired).filter((id) => id === request.id)).toHaveLength(1);
    const [expired] = await requestOfMovement(approvals, movementId);
    expect(expired).toMatchObject({ status: 'EXPIRED', decidedAt: later.toISOString(), overdue: false });
    expect((await decidedEvents(approvals.db, request.id)).map((event) => [event.outcome, event.decidedBy])).toEqual([['EXPIRED', 'system:approvals']]);
    const late = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE' } }, { as: 'approver' });
    expect(late.data.decideApproval.userErrors.map((error: { code: string }) => error.code)).toEqual(['INVALID_TRANSITION']);
  });
});
