import { randomUUID } from 'node:crypto';
import { publishEvent, type Database, type Queryable } from '@inventory/platform';
import { startSubgraphForTest, type SubgraphUnderTest } from '@inventory/platform/testing';
import { start, type ApprovalsServer } from '../src/server.ts';

export interface ApprovalsUnderTest extends SubgraphUnderTest {
  /** The running server, for its background work (`drainEvents`, `runDeadlines`). */
  readonly server: ApprovalsServer;
}

/** Starts the approvals subgraph over the test database, keeping a handle on its background work. */
export async function startApprovals(databaseUrl: string): Promise<ApprovalsUnderTest> {
  let server: ApprovalsServer | null = null;
  const subgraph = await startSubgraphForTest(async (deps) => (server = await start(deps)), databaseUrl);
  return Object.assign(subgraph, { server: server! });
}

/** A short random suffix, so every test's data is its own. */
export const unique = () => randomUUID().slice(0, 8);

/**
 * A movement stock holds as pending approval (written directly: stock is not
 * under test here), and the `stock.movement.approval_requested` event stock
 * would publish for it.
 */
export async function requestMovementApproval(
  db: Database,
  overrides: {
    type?: string; value?: string | null; confidenceScore?: string | null; triggers?: string[]; requestedBy?: string; assetId?: string | null;
    /** Publish under this (reserved) outbox id, so a test can hold the event's consumer lock before anyone sees it. */
    eventId?: string;
  } = {},
): Promise<{ movementId: string; eventId: string; payload: Record<string, unknown> }> {
  return db.transaction(async (tx) => {
    const type = overrides.type ?? 'TRANSFER';
    const [movement] = await tx.query<{ id: string }>(
      'test:insertPendingMovement',
      `INSERT INTO stock.movement (type, status, part_number_id, asset_id, quantity, from_location_id, to_location_id, unit_cost, reason, created_by)
       VALUES ($1, 'PENDING_APPROVAL', 36, $2, 3, 5, $3, 10, 'Test movement', 'test') RETURNING id`,
      [type, overrides.assetId ?? null, type === 'ADJUSTMENT' ? null : 6],
    );
    const payload = {
      movementId: movement!.id,
      type,
      partNumberId: '36',
      assetId: overrides.assetId ?? null,
      quantity: '3',
      fromLocationId: '5',
      toLocationId: type === 'ADJUSTMENT' ? null : '6',
      unitCost: '10',
      value: overrides.value === undefined ? '30' : overrides.value,
      confidenceScore: overrides.confidenceScore ?? null,
      reason: 'Test movement',
      documentRef: null,
      triggers: overrides.triggers ?? ['VALUE_THRESHOLD'],
      requestedBy: overrides.requestedBy ?? 'test-operator',
    };
    const eventId =
      overrides.eventId === undefined
        ? await publishEvent(tx, { topic: 'stock.movement.approval_requested', payload, producer: 'stock' })
        : await publishWithId(tx, overrides.eventId, payload);
    return { movementId: movement!.id, eventId, payload };
  });
}

/** Reserves the id the next outbox event will be published under (see `requestMovementApproval`). */
export async function reserveEventId(db: Database): Promise<string> {
  const [row] = await db.query<{ id: string }>('test:reserveEventId', `SELECT nextval(pg_get_serial_sequence('outbox.event', 'id'))::text AS id`);
  return row!.id;
}

async function publishWithId(tx: Queryable, id: string, payload: unknown): Promise<string> {
  await tx.query(
    'test:publishWithId',
    `INSERT INTO outbox.event (id, topic, payload, producer) OVERRIDING SYSTEM VALUE VALUES ($1, 'stock.movement.approval_requested', $2::jsonb, 'stock')`,
    [id, JSON.stringify(payload)],
  );
  await tx.query('test:notify', `SELECT pg_notify('outbox', 'stock.movement.approval_requested')`);
  return id;
}

/**
 * Waits until some approvals consumer (this server's, or another test
 * process's on the same database) has applied `eventId`, draining this
 * server's consumer meanwhile. Fails after `timeoutMs`.
 */
export async function waitForEvent(approvals: ApprovalsUnderTest, eventId: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await approvals.server.drainEvents();
    const [row] = await approvals.db.query<{ applied: boolean }>(
      'test:isEventApplied',
      `SELECT EXISTS (SELECT 1 FROM approvals.inbox WHERE event_id = $1) AS applied`,
      [eventId],
    );
    if (row?.applied) return;
    if (Date.now() > deadline) throw new Error(`event ${eventId} was not applied within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const REQUEST_FIELDS = `id kind status title value confidenceScore triggers currentLevel requiredLevels requestedBy
  dueAt expiresAt escalatedAt decidedAt overdue movement { id } asset { id } action actionInput policy { code }
  levels { level approverRole approvers slaHours escalateToRole escalateTo }
  decisions { level decision comment decidedBy onBehalfOf }`;

/** The request opened for a movement, read through GraphQL. */
export async function requestOfMovement(approvals: ApprovalsUnderTest, movementId: string) {
  const { data, errors } = await approvals.execute(
    `query ($id: ID!) { approvalRequests(first: 5, filter: { movementId: $id }) { edges { node { ${REQUEST_FIELDS} } } } }`,
    { id: movementId },
    { as: 'analyst' },
  );
  if (errors) throw new Error(JSON.stringify(errors));
  return data.approvalRequests.edges.map((edge: { node: unknown }) => edge.node);
}

/**
 * Creates a stock movement policy that only movements of value in
 * [`minValue`, `minValue` + 1) match, ahead of every default policy, so a
 * test's policy never governs another test's movements.
 */
export async function createBandPolicy(approvals: ApprovalsUnderTest, minValue: number, levels: unknown[], extra: Record<string, unknown> = {}) {
  const { data, errors } = await approvals.execute(
    `mutation ($input: CreateApprovalPolicyInput!) { createApprovalPolicy(input: $input) {
      approvalPolicy { id code } userErrors { code field message } } }`,
    {
      input: {
        code: `TEST_${unique().toUpperCase()}`,
        name: `Test band ${minValue}`,
        subjectKind: 'STOCK_MOVEMENT',
        minValue: String(minValue),
        maxValue: String(minValue + 1),
        priority: 1000,
        levels,
        ...extra,
      },
    },
  );
  if (errors || data.createApprovalPolicy.userErrors.length > 0) throw new Error(JSON.stringify(errors ?? data.createApprovalPolicy.userErrors));
  return data.createApprovalPolicy.approvalPolicy as { id: string; code: string };
}

/** A value band no other test uses. */
export const uniqueBand = () => 1_000_000 + Math.floor(Math.random() * 1_000_000_000);

export const DECIDE = `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) {
  approvalRequest { id status currentLevel decidedAt decisions { level decision decidedBy onBehalfOf comment } }
  userErrors { code field message } } }`;

/** The `approvals.request.decided` events published for a request, oldest first. */
export async function decidedEvents(db: Database, requestId: string): Promise<Record<string, unknown>[]> {
  const rows = await db.query<{ payload: Record<string, unknown> }>(
    'test:decidedEvents',
    `SELECT payload FROM outbox.event WHERE topic = 'approvals.request.decided' AND payload->>'requestId' = $1 ORDER BY id`,
    [requestId],
  );
  return rows.map((row) => row.payload);
}
