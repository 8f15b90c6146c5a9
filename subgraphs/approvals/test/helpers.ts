import type { Database, Queryable } from '@inventory/platform';
import { mutateOk, startSubgraphForTest, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { publish, type EventPayload } from '@inventory/schema/events';
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

/**
 * A part number of this test's own (written directly: catalog is not under
 * test here), for its movements and assets.
 */
export async function createPartNumber(db: Queryable): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    'test:insertPartNumber',
    `INSERT INTO catalog.part_number (code, description) VALUES ($1, 'Approvals test part') RETURNING id`,
    [`APPR-${uniqueTag()}`],
  );
  return row!.id;
}

/** A root location of this test's own (written directly: stock is not under test here). */
export async function createLocation(db: Queryable): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    'test:insertLocation',
    `WITH next AS (SELECT nextval(pg_get_serial_sequence('stock.location', 'id')) AS id)
     INSERT INTO stock.location (id, code, name, type, path) SELECT id, $1, 'Approvals test location', 'WAREHOUSE', ARRAY[id] FROM next RETURNING id`,
    [`APPR-${uniqueTag()}`],
  );
  return row!.id;
}

type MovementApprovalRequested = EventPayload<'stock.movement.approval_requested'>;

/**
 * A movement stock holds as pending approval, of a part number between two
 * locations made for it (all written directly: stock is not under test
 * here), and the `stock.movement.approval_requested` event stock would
 * publish for it.
 */
export async function requestMovementApproval(
  db: Database,
  overrides: {
    type?: MovementApprovalRequested['type']; value?: string | null; confidenceScore?: string | null; triggers?: MovementApprovalRequested['triggers'];
    requestedBy?: string; assetId?: string | null;
    /** Publish under this (reserved) outbox id, so a test can hold the event's consumer lock before anyone sees it. */
    eventId?: string;
  } = {},
): Promise<{ movementId: string; eventId: string; payload: MovementApprovalRequested }> {
  return db.transaction(async (tx) => {
    const type = overrides.type ?? 'TRANSFER';
    const partNumberId = await createPartNumber(tx);
    const fromLocationId = await createLocation(tx);
    const toLocationId = type === 'ADJUSTMENT' ? null : await createLocation(tx);
    const [movement] = await tx.query<{ id: string }>(
      'test:insertPendingMovement',
      `INSERT INTO stock.movement (type, status, part_number_id, asset_id, quantity, from_location_id, to_location_id, unit_cost, reason, created_by)
       VALUES ($1, 'PENDING_APPROVAL', $2, $3, 3, $4, $5, 10, 'Test movement', 'test') RETURNING id`,
      [type, partNumberId, overrides.assetId ?? null, fromLocationId, toLocationId],
    );
    const payload: MovementApprovalRequested = {
      movementId: movement!.id,
      type,
      partNumberId,
      assetId: overrides.assetId ?? null,
      quantity: '3',
      fromLocationId,
      toLocationId,
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
        ? await publish(tx, 'stock.movement.approval_requested', payload, { producer: 'stock', requestId: null })
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
  const payload = await mutateOk<{ approvalPolicy: { id: string; code: string } }>(
    approvals,
    'createApprovalPolicy',
    'approvalPolicy { id code }',
    {
      code: `TEST_${uniqueTag()}`,
      name: `Test band ${minValue}`,
      subjectKind: 'STOCK_MOVEMENT',
      minValue: String(minValue),
      maxValue: String(minValue + 1),
      priority: 1000,
      levels,
      ...extra,
    },
    { as: 'admin' },
  );
  return payload.approvalPolicy;
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
