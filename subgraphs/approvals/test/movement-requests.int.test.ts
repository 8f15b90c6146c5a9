import { silentLogger, type OutboxEvent, type Queryable } from '@inventory/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { subscribeToEvents } from '../src/events/consumed.ts';
import {
  createBandPolicy,
  decidedEvents,
  DECIDE,
  requestMovementApproval,
  requestOfMovement,
  reserveEventId,
  startApprovals,
  uniqueBand,
  waitForEvent,
  type ApprovalsUnderTest,
} from './helpers.ts';

describe('approval requests for stock movements', () => {
  let approvals: ApprovalsUnderTest;

  beforeAll(async () => {
    approvals = await startApprovals(inject('databaseUrl'));
  });
  afterAll(() => approvals?.stop());

  it('opens one request per movement under the matching policy, however often the event arrives', async () => {
    const band = uniqueBand();
    const policy = await createBandPolicy(approvals, band, [
      { approverRole: 'APPROVER', slaHours: 24, escalateToRole: 'ADMIN' },
      { approverRole: 'ADMIN' },
    ]);
    const first = await requestMovementApproval(approvals.db, { value: String(band) });
    // Stock publishing the same movement again (a retried producer) must not open a second request.
    const again = await approvals.db.transaction((tx) =>
      tx.query<{ id: string }>('test:republish', `INSERT INTO outbox.event (topic, payload, producer) VALUES ('stock.movement.approval_requested', $1::jsonb, 'stock') RETURNING id`, [
        JSON.stringify(first.payload),
      ]),
    );
    await waitForEvent(approvals, first.eventId);
    await waitForEvent(approvals, again[0]!.id);

    const requests = await requestOfMovement(approvals, first.movementId);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      kind: 'STOCK_MOVEMENT',
      status: 'PENDING',
      title: `TRANSFER of 3 of part ${first.payload.partNumberId} from location ${first.payload.fromLocationId} to location ${first.payload.toLocationId} (value ${band}): Test movement`,
      value: String(band),
      triggers: ['VALUE_THRESHOLD'],
      currentLevel: 1,
      requiredLevels: 2,
      requestedBy: 'test-operator',
      overdue: false,
      movement: { id: first.movementId },
      policy: { code: policy.code },
      levels: [
        { level: 1, approverRole: 'APPROVER', approvers: [], slaHours: 24, escalateToRole: 'ADMIN', escalateTo: [] },
        { level: 2, approverRole: 'ADMIN', approvers: [], slaHours: null, escalateToRole: null, escalateTo: [] },
      ],
      decisions: [],
    });
    const dueInHours = (Date.parse(requests[0].dueAt) - Date.now()) / 3_600_000;
    expect(dueInHours).toBeGreaterThan(23.9);
    expect(dueInHours).toBeLessThanOrEqual(24);
    const audits = await approvals.db.query('test:audits', `SELECT 1 FROM approvals.audit_event WHERE entity_id = $1 AND action = 'approval_request.opened'`, [requests[0].id]);
    expect(audits).toHaveLength(1);
  });

  it('opens a REVIEW request showing the confidence score when stock flags low confidence', async () => {
    const { movementId, eventId } = await requestMovementApproval(approvals.db, {
      type: 'ADJUSTMENT',
      value: '12.5',
      confidenceScore: '0.42',
      triggers: ['ADJUSTMENT', 'LOW_CONFIDENCE'],
    });
    await waitForEvent(approvals, eventId);
    const [request] = await requestOfMovement(approvals, movementId);
    expect(request).toMatchObject({
      kind: 'REVIEW',
      confidenceScore: '0.42',
      triggers: ['ADJUSTMENT', 'LOW_CONFIDENCE'],
      policy: { code: 'LOW_CONFIDENCE_REVIEW' },
      requiredLevels: 1,
    });
    const { data } = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE', comment: 'Checked the scan' } }, { as: 'approver' });
    expect(data.decideApproval).toMatchObject({ approvalRequest: { status: 'APPROVED' }, userErrors: [] });
    expect(await decidedEvents(approvals.db, request.id)).toEqual([
      {
        requestId: request.id, kind: 'STOCK_MOVEMENT', reviewed: true, outcome: 'APPROVED', movementId, assetId: null,
        action: null, actionInput: null, decidedBy: 'test-approver', comment: 'Checked the scan',
      },
    ]);
  });

  it('approves level by level with another approver each time, and publishes one decided event at the end', async () => {
    const band = uniqueBand();
    await createBandPolicy(approvals, band, [{ approverRole: 'APPROVER' }, { approverRole: 'APPROVER' }]);
    const { movementId, eventId } = await requestMovementApproval(approvals.db, { value: String(band) });
    await waitForEvent(approvals, eventId);
    const [request] = await requestOfMovement(approvals, movementId);

    const first = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE', comment: 'Fine', level: 1 } }, { as: 'approver' });
    expect(first.data.decideApproval).toEqual({
      approvalRequest: { id: request.id, status: 'PENDING', currentLevel: 2, decidedAt: null, decisions: [{ level: 1, decision: 'APPROVE', decidedBy: 'test-approver', onBehalfOf: null, comment: 'Fine' }] },
      userErrors: [],
    });
    expect(await decidedEvents(approvals.db, request.id)).toEqual([]);

    const twice = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE' } }, { as: 'approver' });
    expect(twice.data.decideApproval.userErrors).toEqual([
      { code: 'REPEATED_APPROVER', field: ['input', 'requestId'], message: `You already decided an earlier level of request ${request.id}; each level needs another approver.` },
    ]);
    const stale = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE', level: 1 } }, { as: 'admin' });
    expect(stale.data.decideApproval.userErrors.map((error: { code: string }) => error.code)).toEqual(['CONFLICT']);

    const last = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE', level: 2 } }, { as: 'admin' });
    expect(last.data.decideApproval.approvalRequest).toMatchObject({ status: 'APPROVED', currentLevel: 2, decidedAt: expect.any(String) });
    expect(await decidedEvents(approvals.db, request.id)).toEqual([
      {
        requestId: request.id, kind: 'STOCK_MOVEMENT', reviewed: false, outcome: 'APPROVED', movementId, assetId: null,
        action: null, actionInput: null, decidedBy: 'test-admin', comment: null,
      },
    ]);
    const closed = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'REJECT' } }, { as: 'approver' });
    expect(closed.data.decideApproval).toEqual({
      approvalRequest: null,
      userErrors: [{ code: 'INVALID_TRANSITION', field: ['input', 'requestId'], message: `Request ${request.id} is already approved; it cannot be decided.` }],
    });
  });

  it('rejects a request at the first rejection, whatever the level', async () => {
    const band = uniqueBand();
    await createBandPolicy(approvals, band, [{ approverRole: 'APPROVER' }, { approverRole: 'APPROVER' }]);
    const { movementId, eventId } = await requestMovementApproval(approvals.db, { value: String(band) });
    await waitForEvent(approvals, eventId);
    const [request] = await requestOfMovement(approvals, movementId);
    const { data } = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'REJECT', comment: 'No budget' } }, { as: 'approver' });
    expect(data.decideApproval.approvalRequest).toMatchObject({ status: 'REJECTED', currentLevel: 1 });
    expect((await decidedEvents(approvals.db, request.id)).map((event) => [event.outcome, event.comment])).toEqual([['REJECTED', 'No budget']]);
  });

  it('refuses self-approval, a level the role does not allow, and callers who may not decide at all', async () => {
    const band = uniqueBand();
    await createBandPolicy(approvals, band, [{ approverRole: 'ADMIN' }]);
    const own = await requestMovementApproval(approvals.db, { requestedBy: 'test-approver', triggers: ['ADJUSTMENT'], type: 'ADJUSTMENT', value: null });
    const adminOnly = await requestMovementApproval(approvals.db, { value: String(band) });
    await waitForEvent(approvals, own.eventId);
    await waitForEvent(approvals, adminOnly.eventId);
    const [ownRequest] = await requestOfMovement(approvals, own.movementId);
    const [adminRequest] = await requestOfMovement(approvals, adminOnly.movementId);

    const self = await approvals.execute(DECIDE, { input: { requestId: ownRequest.id, decision: 'APPROVE' } }, { as: 'approver' });
    expect(self.data.decideApproval.userErrors).toEqual([
      { code: 'SELF_APPROVAL', field: ['input', 'requestId'], message: `You raised request ${ownRequest.id}; someone else must decide it.` },
    ]);
    const wrongRole = await approvals.execute(DECIDE, { input: { requestId: adminRequest.id, decision: 'APPROVE' } }, { as: 'approver' });
    expect(wrongRole.data.decideApproval.userErrors).toEqual([
      { code: 'NOT_ALLOWED_AT_LEVEL', field: ['input', 'requestId'], message: `You may not decide level 1 of request ${adminRequest.id}: it is for admins.` },
    ]);
    for (const role of ['operator', 'analyst', 'partner'] as const) {
      const forbidden = await approvals.execute(DECIDE, { input: { requestId: adminRequest.id, decision: 'APPROVE' } }, { as: role });
      expect(forbidden.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    const missing = await approvals.execute(DECIDE, { input: { requestId: '999999999', decision: 'APPROVE' } }, { as: 'approver' });
    expect(missing.data.decideApproval.userErrors.map((error: { code: string }) => error.code)).toEqual(['NOT_FOUND']);
    const malformed = await approvals.execute(DECIDE, { input: { requestId: 'abc', decision: 'APPROVE' } }, { as: 'approver' });
    expect(malformed.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    // Nothing was decided by any refused attempt.
    expect(await decidedEvents(approvals.db, adminRequest.id)).toEqual([]);
    const [unchanged] = await requestOfMovement(approvals, adminOnly.movementId);
    expect(unchanged).toMatchObject({ status: 'PENDING', decisions: [] });
  });

  it('gives concurrent decisions on one request exactly one outcome', async () => {
    const { movementId, eventId } = await requestMovementApproval(approvals.db, { type: 'ADJUSTMENT', triggers: ['ADJUSTMENT'], value: null });
    await waitForEvent(approvals, eventId);
    const [request] = await requestOfMovement(approvals, movementId);
    const attempts = Array.from({ length: 12 }, (_, index) => ({
      as: index % 2 === 0 ? ('approver' as const) : ('admin' as const),
      decision: index % 3 === 0 ? 'REJECT' : 'APPROVE',
    }));
    const results = await Promise.all(
      attempts.map((attempt) => approvals.execute(DECIDE, { input: { requestId: request.id, decision: attempt.decision } }, { as: attempt.as })),
    );
    const succeeded = results.filter((result) => result.data.decideApproval.userErrors.length === 0);
    expect(succeeded).toHaveLength(1);
    expect(results.filter((result) => result.data.decideApproval.userErrors[0]?.code === 'INVALID_TRANSITION')).toHaveLength(11);
    const outcome = succeeded[0]!.data.decideApproval.approvalRequest.status;
    const [final] = await requestOfMovement(approvals, movementId);
    expect(final.status).toBe(outcome);
    expect(final.decisions).toHaveLength(1);
    expect((await decidedEvents(approvals.db, request.id)).map((event) => event.outcome)).toEqual([outcome]);
  });

  it('lets only one of several approvers deciding the same level at once through', async () => {
    const band = uniqueBand();
    await createBandPolicy(approvals, band, [{ approverRole: 'APPROVER' }, { approverRole: 'APPROVER' }]);
    const { movementId, eventId } = await requestMovementApproval(approvals.db, { value: String(band) });
    await waitForEvent(approvals, eventId);
    const [request] = await requestOfMovement(approvals, movementId);
    const results = await Promise.all(
      (['approver', 'admin', 'approver', 'admin'] as const).map((as) =>
        approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE', level: 1 } }, { as }),
      ),
    );
    const codes = results.map((result) => result.data.decideApproval.userErrors[0]?.code ?? 'OK').sort();
    // The winner moves the request to level 2; the others meant level 1 and are told it moved on (or that they already decided it).
    expect(codes.filter((code) => code === 'OK')).toHaveLength(1);
    expect(codes.filter((code) => code !== 'OK').every((code) => code === 'CONFLICT' || code === 'REPEATED_APPROVER')).toBe(true);
    const [after] = await requestOfMovement(approvals, movementId);
    expect(after).toMatchObject({ status: 'PENDING', currentLevel: 2 });
    expect(after.decisions).toHaveLength(1);
    expect(await decidedEvents(approvals.db, request.id)).toEqual([]);
  });

  it('loses nothing and applies nothing twice when the consumer dies between two steps of an event', async () => {
    const band = uniqueBand();
    await createBandPolicy(approvals, band, [{ approverRole: 'APPROVER' }, { approverRole: 'ADMIN' }]);
    const { handle } = subscribeToEvents(silentLogger);
    const dyingBefore = (tx: Queryable, statement: string): Queryable => ({
      query: (name, text, values) => (name === statement ? Promise.reject(new Error(`process died before ${statement}`)) : tx.query(name, text, values)),
    });
    const eventId = await reserveEventId(approvals.db);
    let movementId = '';

    // A consumer takes the event as OutboxConsumer does (its per-event lock, held by the transaction that applies it;
    // taken before stock publishes, so no other consumer gets there first), writes the request, and dies before its levels.
    const crash = await approvals.db
      .transaction(async (tx) => {
        const [lock] = await tx.query<{ locked: boolean }>(
          'test:lockEvent',
          `SELECT pg_try_advisory_xact_lock(hashtextextended('approvals:' || $1::text, 0)) AS locked`,
          [eventId],
        );
        expect(lock!.locked).toBe(true);
        movementId = (await requestMovementApproval(approvals.db, { value: String(band), eventId })).movementId;
        const [event] = await tx.query<OutboxEvent>(
          'test:readEvent',
          `SELECT id, topic, payload, producer, request_id AS "requestId", created_at AS "createdAt" FROM outbox.event WHERE id = $1`,
          [eventId],
        );
        const died: Error = await handle(dyingBefore(tx, 'insertRequestLevels'), event!).then(() => new Error('did not die'), (error: Error) => error);
        const [partial] = await tx.query<{ count: number }>(
          'test:countRequests',
          `SELECT count(*)::int AS count FROM approvals.approval_request WHERE movement_id = $1`,
          [movementId],
        );
        throw Object.assign(died, { partialRequests: partial!.count });
      })
      .catch((error: Error & { partialRequests?: number }) => error);
    expect([crash.message, crash.partialRequests]).toEqual(['process died before insertRequestLevels', 1]);

    // The half-written request died with its transaction; the event, never marked applied, is delivered again.
    await waitForEvent(approvals, eventId);
    const requests = await requestOfMovement(approvals, movementId);
    expect(requests).toHaveLength(1);
    expect(requests[0].levels.map((level: { approverRole: string }) => level.approverRole)).toEqual(['APPROVER', 'ADMIN']);
    const [counts] = await approvals.db.query(
      'test:counts',
      `SELECT (SELECT count(*)::int FROM approvals.request_level WHERE request_id = $1) AS levels,
              (SELECT count(*)::int FROM approvals.audit_event WHERE entity_id = $1::text AND action = 'approval_request.opened') AS audits,
              (SELECT count(*)::int FROM approvals.inbox WHERE event_id = $2) AS inbox`,
      [requests[0].id, eventId],
    );
    expect(counts).toEqual({ levels: 2, audits: 1, inbox: 1 });
  });

  it('logs and skips an event that cannot open a request, so it never holds up the events behind it', async () => {
    const logged: { message: string; fields?: Record<string, unknown> }[] = [];
    const { handle } = subscribeToEvents({ ...silentLogger, error: (message, fields) => void logged.push({ message, fields }) });
    const [malformed] = await approvals.db.query<OutboxEvent>(
      'test:publishMalformed',
      `INSERT INTO outbox.event (topic, payload, producer) VALUES ('stock.movement.approval_requested', '{"movementId": "x"}'::jsonb, 'stock')
       RETURNING id, topic, payload, producer, request_id AS "requestId", created_at AS "createdAt"`,
    );
    const untouched: Queryable = { query: () => Promise.reject(new Error('a malformed event must not write anything')) };
    await handle(untouched, malformed!);
    expect(logged).toEqual([
      { message: 'skipped an event that cannot open a request', fields: { eventId: malformed!.id, topic: 'stock.movement.approval_requested', error: expect.stringContaining('movementId') } },
    ]);

    const next = await requestMovementApproval(approvals.db, { type: 'ADJUSTMENT', triggers: ['ADJUSTMENT'], value: null });
    await waitForEvent(approvals, malformed!.id);
    await waitForEvent(approvals, next.eventId);
    expect(await requestOfMovement(approvals, next.movementId)).toHaveLength(1);
  });

  it('publishes a decision and its event together or not at all', async () => {
    const { movementId, eventId } = await requestMovementApproval(approvals.db, { type: 'ADJUSTMENT', triggers: ['ADJUSTMENT'], value: null });
    await waitForEvent(approvals, eventId);
    const [request] = await requestOfMovement(approvals, movementId);
    // The database refuses the decided event (as if the process died at that step): the decision must vanish with it.
    const blocker = `approvals_test_block_${request.id}`;
    await approvals.db.query(
      'test:createBlocker',
      `CREATE FUNCTION approvals.${blocker}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.topic = 'approvals.request.decided' AND NEW.payload->>'requestId' = '${request.id}' THEN
           RAISE EXCEPTION 'simulated crash while publishing';
         END IF;
         RETURN NEW;
       END $$`,
    );
    await approvals.db.query('test:attachBlocker', `CREATE TRIGGER ${blocker} BEFORE INSERT ON outbox.event FOR EACH ROW EXECUTE FUNCTION approvals.${blocker}()`);
    try {
      const failed = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE' } }, { as: 'approver' });
      expect(failed.errors?.map((error) => error.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    } finally {
      await approvals.db.query('test:dropBlocker', `DROP TRIGGER ${blocker} ON outbox.event`);
      await approvals.db.query('test:dropBlockerFunction', `DROP FUNCTION approvals.${blocker}()`);
    }
    const [untouched] = await requestOfMovement(approvals, movementId);
    expect(untouched).toMatchObject({ status: 'PENDING', decisions: [] });

    const retried = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE' } }, { as: 'approver' });
    expect(retried.data.decideApproval.approvalRequest.status).toBe('APPROVED');
    expect((await decidedEvents(approvals.db, request.id)).map((event) => event.outcome)).toEqual(['APPROVED']);
  });
});
