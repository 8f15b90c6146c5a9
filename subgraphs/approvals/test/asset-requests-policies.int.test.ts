import { uniqueTag } from '@inventory/platform/testing';
import { publish } from '@inventory/schema/events';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLocation, createPartNumber, decidedEvents, DECIDE, REQUEST_FIELDS, startApprovals, type ApprovalsUnderTest } from './helpers.ts';

const REQUEST_ASSET_ACTION = `mutation ($input: RequestAssetActionInput!) { requestAssetAction(input: $input) {
  approvalRequest { ${REQUEST_FIELDS} } userErrors { code field message } } }`;
const CANCEL = `mutation ($input: CancelApprovalRequestInput!) { cancelApprovalRequest(input: $input) {
  approvalRequest { id status decidedAt } userErrors { code field message } } }`;
const CREATE_POLICY = `mutation ($input: CreateApprovalPolicyInput!) { createApprovalPolicy(input: $input) {
  approvalPolicy { id code name subjectKind movementTypes assetActions minValue maxValue confidenceBelow priority expiresAfterHours active
    levels { level approverRole approvers slaHours escalateToRole escalateTo } }
  userErrors { code field message } } }`;
const UPDATE_POLICY = `mutation ($input: UpdateApprovalPolicyInput!) { updateApprovalPolicy(input: $input) {
  approvalPolicy { id active levels { level approverRole approvers } } userErrors { code field message } } }`;

describe('asset requests and approval policies', () => {
  let approvals: ApprovalsUnderTest;
  // Assets of this file only, of a part number of its own, and a location to move them to
  // (catalog and stock are not under test here, so they are written directly).
  let assetIds: string[] = [];
  let locationId = '';

  beforeAll(async () => {
    approvals = await startApprovals(inject('databaseUrl'));
    const partNumberId = await createPartNumber(approvals.db);
    const rows = await approvals.db.query<{ id: string }>(
      'test:insertAssets',
      `INSERT INTO catalog.asset (serial_number, part_number_id) SELECT 'APPR-' || $1 || '-' || n, $2 FROM generate_series(1, 4) AS n RETURNING id`,
      [uniqueTag(), partNumberId],
    );
    assetIds = rows.map((row) => row.id);
    locationId = await createLocation(approvals.db);
  });
  afterAll(() => approvals?.stop());

  it('opens an asset request under the disposal policy; once approved, publishes the action and its input', async () => {
    const { data } = await approvals.execute(
      REQUEST_ASSET_ACTION,
      { input: { assetId: assetIds[0], action: 'DISPOSE', reason: 'Cracked chassis', note: 'Send to recycler' } },
      { as: 'operator' },
    );
    const request = data.requestAssetAction.approvalRequest;
    expect(data.requestAssetAction.userErrors).toEqual([]);
    expect(request).toMatchObject({
      kind: 'ASSET_ACTION',
      status: 'PENDING',
      title: `Dispose of asset ${assetIds[0]}: Cracked chassis`,
      asset: { id: assetIds[0] },
      movement: null,
      action: 'DISPOSE',
      actionInput: { note: 'Send to recycler' },
      requestedBy: 'test-operator',
      policy: { code: 'ASSET_DISPOSAL' },
      requiredLevels: 2,
      levels: [
        { level: 1, approverRole: 'APPROVER', slaHours: 72 },
        { level: 2, approverRole: 'ADMIN', slaHours: 72 },
      ],
    });
    const duplicate = await approvals.execute(REQUEST_ASSET_ACTION, { input: { assetId: assetIds[0], action: 'DISPOSE' } }, { as: 'operator' });
    expect(duplicate.data.requestAssetAction).toEqual({
      approvalRequest: null,
      userErrors: [{ code: 'DUPLICATE', field: ['input', 'action'], message: `Asset ${assetIds[0]} already has an open DISPOSE request; decide or cancel it first.` }],
    });
    const pending = await approvals.execute(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Asset { pendingApprovals { id action } } } }`,
      { representations: [{ __typename: 'Asset', id: assetIds[0] }] },
    );
    expect(pending.data._entities[0].pendingApprovals).toEqual([{ id: request.id, action: 'DISPOSE' }]);

    await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE' } }, { as: 'approver' });
    const last = await approvals.execute(DECIDE, { input: { requestId: request.id, decision: 'APPROVE', comment: 'Agreed' } }, { as: 'admin' });
    expect(last.data.decideApproval.approvalRequest.status).toBe('APPROVED');
    expect(await decidedEvents(approvals.db, request.id)).toEqual([
      {
        requestId: request.id, kind: 'ASSET_ACTION', reviewed: false, outcome: 'APPROVED', movementId: null, assetId: assetIds[0],
        action: 'DISPOSE', actionInput: { note: 'Send to recycler' }, decidedBy: 'test-admin', comment: 'Agreed',
      },
    ]);
  });

  it('refuses asset requests with missing arguments, unknown assets and callers who may not ask', async () => {
    const missing = await approvals.execute(REQUEST_ASSET_ACTION, { input: { assetId: assetIds[1], action: 'ASSIGN' } }, { as: 'operator' });
    expect(missing.data.requestAssetAction.userErrors).toEqual([{ code: 'INVALID_VALUE', field: ['input', 'assignee'], message: 'An ASSIGN action needs the assignee.' }]);
    const misplaced = await approvals.execute(REQUEST_ASSET_ACTION, { input: { assetId: assetIds[1], action: 'REPAIR', toLocationId: locationId } }, { as: 'operator' });
    expect(misplaced.data.requestAssetAction.userErrors).toEqual([{ code: 'INVALID_VALUE', field: ['input', 'toLocationId'], message: 'Only a MOVE action takes a destination.' }]);
    const unknown = await approvals.execute(REQUEST_ASSET_ACTION, { input: { assetId: '999999999', action: 'REPAIR' } }, { as: 'operator' });
    expect(unknown.data.requestAssetAction.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'assetId'], message: 'No asset has id 999999999.' }]);
    const approver = await approvals.execute(REQUEST_ASSET_ACTION, { input: { assetId: assetIds[1], action: 'REPAIR' } }, { as: 'approver' });
    expect(approver.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('lets only the requester or an admin cancel an open request, and publishes the cancellation', async () => {
    const { data } = await approvals.execute(
      REQUEST_ASSET_ACTION,
      { input: { assetId: assetIds[2], action: 'MOVE', toLocationId: locationId } },
      { as: 'admin' },
    );
    const request = data.requestAssetAction.approvalRequest;
    expect(request).toMatchObject({ action: 'MOVE', actionInput: { toLocationId: locationId }, policy: null });
    const notTheirs = await approvals.execute(CANCEL, { input: { requestId: request.id } }, { as: 'operator' });
    expect(notTheirs.data.cancelApprovalRequest.userErrors).toEqual([
      { code: 'NOT_OWNER', field: ['input', 'requestId'], message: `Only test-admin, who raised request ${request.id}, or an admin may cancel it.` },
    ]);
    const cancelled = await approvals.execute(CANCEL, { input: { requestId: request.id, reason: 'Rack stays' } }, { as: 'admin' });
    expect(cancelled.data.cancelApprovalRequest).toMatchObject({ approvalRequest: { id: request.id, status: 'CANCELLED', decidedAt: expect.any(String) }, userErrors: [] });
    const twice = await approvals.execute(CANCEL, { input: { requestId: request.id } }, { as: 'admin' });
    expect(twice.data.cancelApprovalRequest.userErrors.map((error: { code: string }) => error.code)).toEqual(['INVALID_TRANSITION']);
    expect((await decidedEvents(approvals.db, request.id)).map((event) => [event.outcome, event.action, event.comment])).toEqual([['CANCELLED', 'MOVE', 'Rack stays']]);
  });

  it('lets admins create and replace policies; open requests keep the levels they were opened with', async () => {
    const code = `DISPOSE_${uniqueTag()}`;
    const created = await approvals.execute(CREATE_POLICY, {
      input: {
        code, name: 'Pricey repairs', subjectKind: 'ASSET_ACTION', assetActions: ['REPAIR'], minValue: '777777', maxValue: '777778', priority: 500,
        expiresAfterHours: 240, levels: [{ approvers: ['ops-lead'], slaHours: 4, escalateTo: ['cto'] }, { approverRole: 'ADMIN' }],
      },
    });
    const policy = created.data.createApprovalPolicy.approvalPolicy;
    expect(policy).toEqual({
      id: expect.any(String), code, name: 'Pricey repairs', subjectKind: 'ASSET_ACTION', movementTypes: null, assetActions: ['REPAIR'],
      minValue: '777777', maxValue: '777778', confidenceBelow: null, priority: 500, expiresAfterHours: 240, active: true,
      levels: [
        { level: 1, approverRole: null, approvers: ['ops-lead'], slaHours: 4, escalateToRole: null, escalateTo: ['cto'] },
        { level: 2, approverRole: 'ADMIN', approvers: [], slaHours: null, escalateToRole: null, escalateTo: [] },
      ],
    });
    // Catalog revalues the asset; the request is judged on that value, not on one the requester names.
    await approvals.db.transaction(async (tx) => {
      const [asset] = await tx.query<{ serialNumber: string; partNumberId: string }>(
        'test:revalueAsset',
        `UPDATE catalog.asset SET acquisition_cost = 777777.5 WHERE id = $1 RETURNING serial_number AS "serialNumber", part_number_id::text AS "partNumberId"`,
        [assetIds[3]],
      );
      await publish(tx, 'catalog.asset.saved', {
        assetId: assetIds[3]!, partNumberId: asset!.partNumberId, serialNumber: asset!.serialNumber, status: 'AVAILABLE', condition: 'NEW',
        modelId: null, project: null, acquisitionCost: '777777.5', version: new Date().toISOString(),
      }, { producer: 'catalog', requestId: null });
    });
    const opened = await approvals.execute(REQUEST_ASSET_ACTION, { input: { assetId: assetIds[3], action: 'REPAIR', value: '1' } }, { as: 'operator' });
    const request = opened.data.requestAssetAction.approvalRequest;
    expect(request.policy).toEqual({ code });
    expect(request.value).toBe('777777.5');

    const updated = await approvals.execute(UPDATE_POLICY, {
      input: { id: policy.id, name: 'Pricey repairs', assetActions: ['REPAIR'], minValue: '777777', maxValue: '777778', active: false, levels: [{ approverRole: 'APPROVER' }] },
    });
    expect(updated.data.updateApprovalPolicy).toEqual({
      approvalPolicy: { id: policy.id, active: false, levels: [{ level: 1, approverRole: 'APPROVER', approvers: [] }] },
      userErrors: [],
    });
    const reread = await approvals.execute(`query ($id: ID!) { approvalRequest(id: $id) { requiredLevels levels { approvers } } }`, { id: request.id });
    expect(reread.data.approvalRequest).toEqual({ requiredLevels: 2, levels: [{ approvers: ['ops-lead'] }, { approvers: [] }] });

    const duplicate = await approvals.execute(CREATE_POLICY, { input: { code, name: 'Again', subjectKind: 'ASSET_ACTION', levels: [{ approverRole: 'APPROVER' }] } });
    expect(duplicate.data.createApprovalPolicy.userErrors).toEqual([{ code: 'DUPLICATE', field: ['input', 'code'], message: `A policy with code ${code} already exists.` }]);
    const invalid = await approvals.execute(CREATE_POLICY, { input: { code: 'bad code', name: 'Bad', subjectKind: 'STOCK_MOVEMENT', movementTypes: ['TELEPORT'], levels: [] } });
    expect(invalid.data.createApprovalPolicy.userErrors.map((error: { field: string[] }) => error.field.join('.'))).toEqual([
      'input.code', 'input.movementTypes', 'input.levels',
    ]);
    const forbidden = await approvals.execute(CREATE_POLICY, { input: { code: `X_${uniqueTag()}`, name: 'X', subjectKind: 'ASSET_ACTION', levels: [{ approverRole: 'APPROVER' }] } }, { as: 'approver' });
    expect(forbidden.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const missing = await approvals.execute(UPDATE_POLICY, { input: { id: '99999999', name: 'X', levels: [{ approverRole: 'APPROVER' }] } });
    expect(missing.data.updateApprovalPolicy.userErrors.map((error: { code: string }) => error.code)).toEqual(['NOT_FOUND']);

    const listed = await approvals.execute(`{ approvalPolicies(first: 100, filter: { subjectKind: ASSET_ACTION, active: true }) { totalCount edges { node { code priority } } } }`, {}, { as: 'analyst' });
    const codes = listed.data.approvalPolicies.edges.map((edge: { node: { code: string } }) => edge.node.code);
    expect(codes).not.toContain(code);
    expect(codes.slice(-2)).toEqual(['ASSET_DISPOSAL', 'ASSET_MOVE']);
    const byCode = await approvals.execute(`query ($code: String!) { approvalPolicy(code: $code) { id active } }`, { code }, { as: 'analyst' });
    expect(byCode.data.approvalPolicy).toEqual({ id: policy.id, active: false });
  });

  it('pages policies in the order they are tried, and flags overdue requests', async () => {
    const page = `query ($after: String) { approvalPolicies(first: 2, after: $after, filter: { subjectKind: STOCK_MOVEMENT }) {
      edges { node { code priority } } pageInfo { hasNextPage endCursor } } }`;
    const seen: { code: string; priority: number }[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      type Page = { approvalPolicies: { edges: { node: { code: string; priority: number } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
      const response: { data?: Page } = await approvals.execute<Page>(page, { after }, { as: 'analyst' });
      const policies = response.data!.approvalPolicies;
      seen.push(...policies.edges.map((edge) => edge.node));
      if (!policies.pageInfo.hasNextPage) break;
      after = policies.pageInfo.endCursor;
    }
    const priorities = seen.map((policy) => policy.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(new Set(seen.map((policy) => policy.code)).size).toBe(seen.length);
    expect(seen.map((policy) => policy.code).filter((code) => !code.startsWith('TEST_'))).toEqual([
      'TRANSFER_HIGH_VALUE', 'LOW_CONFIDENCE_REVIEW', 'ADJUSTMENT', 'MOVEMENT_DEFAULT',
    ]);
    const badCursor = await approvals.execute(page, { after: 'nope' }, { as: 'analyst' });
    expect(badCursor.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);

    // The demo's requests were due in January 2026.
    const overdue = await approvals.execute(`{ approvalRequests(first: 100, filter: { overdue: true, requestedBy: "seed" }) { edges { node { overdue status } } } }`, {}, { as: 'analyst' });
    const nodes = overdue.data.approvalRequests.edges.map((edge: { node: unknown }) => edge.node);
    expect(nodes.length).toBeGreaterThanOrEqual(10);
    expect(nodes.every((node: { overdue: boolean }) => node.overdue)).toBe(true);
  });

  it('serves a page of requests with their levels, decisions and policies in a constant number of statements', async () => {
    const { data, errors } = await approvals.execute(
      `{ approvalRequests(first: 50, filter: { requestedBy: "test-operator" }) { edges { node {
        id levels { level } decisions { level } policy { code } asset { id } movement { id } } } } }`,
      {},
      { as: 'analyst' },
    );
    expect(errors).toBeUndefined();
    const nodes = data.approvalRequests.edges.map((edge: { node: { policy: unknown; decisions: unknown[] } }) => edge.node);
    // This file's requests alone: several, with policies and decisions to load.
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    expect(nodes.filter((node: { policy: unknown }) => node.policy !== null).length).toBeGreaterThanOrEqual(2);
    expect(nodes.some((node: { decisions: unknown[] }) => node.decisions.length === 2)).toBe(true);
    expect([...approvals.statements].sort()).toEqual(['findPoliciesByIds', 'listApprovalRequests', 'listDecisionsOfRequests', 'listLevelsOfRequests']);
  });
});
