import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { APPROVERS, type World } from './world.ts';

/**
 * The operations of the model. Each is plain data (so a failing, shrunk
 * sequence prints as something a person can replay) naming entities by
 * index into the world, and has a `run` that drives the real system
 * through the gateway. A refusal (`userErrors`) is a legitimate outcome;
 * a top-level error, or an answer that breaks a rule the operation can
 * see by itself (a replay returning another movement), fails the run.
 *
 * To add an operation: add its data type to `Operation`, an arbitrary to
 * `operationArbitraries` and a case to `runOperation`.
 */
export type Operation =
  | { readonly kind: 'receive'; readonly part: number; readonly asset: number; readonly to: number; readonly quantity: number; readonly unitCost: number }
  | { readonly kind: 'issue'; readonly part: number; readonly asset: number; readonly from: number; readonly quantity: number }
  | { readonly kind: 'transfer'; readonly part: number; readonly asset: number; readonly from: number; readonly to: number; readonly quantity: number }
  | { readonly kind: 'adjust'; readonly part: number; readonly asset: number; readonly at: number; readonly quantity: number; readonly up: boolean }
  | { readonly kind: 'reserve'; readonly part: number; /** A bin, where stock is. */ readonly at: number; readonly quantity: number; readonly expiresInMs: number | null }
  | { readonly kind: 'fulfil'; readonly reservation: number; readonly to: number | null }
  | { readonly kind: 'release'; readonly reservation: number }
  | { readonly kind: 'expire'; readonly afterMs: number; readonly sweep: boolean }
  | { readonly kind: 'count'; readonly root: number; readonly deltas: readonly number[]; readonly misplace: readonly number[]; readonly adjust: boolean }
  | { readonly kind: 'adjustCounts' }
  | { readonly kind: 'decide'; readonly pending: number; readonly approve: boolean }
  | { readonly kind: 'assetStatus'; readonly asset: number; readonly status: (typeof ASSET_STATUSES)[number] }
  | { readonly kind: 'moveLocation'; readonly location: number; readonly parent: number }
  | { readonly kind: 'replay'; readonly write: number; readonly copies: number }
  | { readonly kind: 'burst'; readonly operations: readonly Operation[] };

const ASSET_STATUSES = ['AVAILABLE', 'IN_USE', 'MAINTENANCE', 'RESERVED', 'SCRAPPED', 'LOST', 'RETURNED'] as const;

/** Switches for operations that are known to break an invariant until other work lands; see `model.int.test.ts`. */
export interface OperationSwitches {
  /** Reserve serialized parts too (reserveStock on the serialized part). */
  readonly serializedReservations: boolean;
}

const index = fc.nat({ max: 11 });
const quantity = fc.integer({ min: 1, max: 6 });

/** The arbitraries of the operations that are not bursts. */
function singleOperations(switches: OperationSwitches): fc.Arbitrary<Operation> {
  const reservable = switches.serializedReservations ? fc.nat({ max: 2 }) : fc.nat({ max: 1 });
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('receive' as const), part: index, asset: index, to: index, quantity, unitCost: fc.integer({ min: 0, max: 40 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('issue' as const), part: index, asset: index, from: index, quantity }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('transfer' as const), part: index, asset: index, from: index, to: index, quantity }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('adjust' as const), part: index, asset: index, at: index, quantity, up: fc.boolean() }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('reserve' as const), part: reservable, at: index, quantity,
        expiresInMs: fc.option(fc.integer({ min: 300, max: 1_500 }), { nil: null }),
      }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('fulfil' as const), reservation: index, to: fc.option(index, { nil: null }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), reservation: index }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), afterMs: fc.integer({ min: 0, max: 1_500 }), sweep: fc.boolean() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('count' as const), root: index,
        deltas: fc.array(fc.integer({ min: -2, max: 2 }), { maxLength: 6 }),
        misplace: fc.array(index, { maxLength: 3 }),
        adjust: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'adjustCounts' as const }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('decide' as const), pending: index, approve: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('assetStatus' as const), asset: index, status: fc.constantFrom(...ASSET_STATUSES) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('moveLocation' as const), location: index, parent: index }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('replay' as const), write: index, copies: fc.integer({ min: 1, max: 3 }) }) },
  );
}

/** Every operation, bursts of concurrent operations included. */
export function operationArbitrary(switches: OperationSwitches): fc.Arbitrary<Operation> {
  const single = singleOperations(switches);
  return fc.oneof(
    { weight: 9, arbitrary: single },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('burst' as const), operations: fc.array(single, { minLength: 2, maxLength: 4 }) }) },
  );
}

const RECORD = `mutation ($input: RecordMovementInput!) { recordMovement(input: $input) { movement { id status } userErrors { code field message } } }`;
const RESERVE = `mutation ($input: ReserveStockInput!) { reserveStock(input: $input) { reservation { id status } userErrors { code field message } } }`;

interface UserErrorLike {
  readonly code: string;
  readonly field: readonly string[] | null;
  readonly message: string;
}

/**
 * Refusals that no sequence may ever earn: the world's parts and assets
 * exist, so stock must never answer that it does not know them.
 */
function checkRefusals(what: string, errors: readonly UserErrorLike[]): void {
  const unknown = errors.find((error) => error.code === 'NOT_FOUND' && ['partNumberId', 'assetId'].includes(error.field?.[1] ?? ''));
  if (unknown) throw new Error(`${what} was refused for an entity that exists: ${JSON.stringify(unknown)}`);
}

/** Sends a keyed write once and keeps it for replays. */
async function sendKeyed(world: World, mutation: 'recordMovement' | 'reserveStock', input: Record<string, unknown>): Promise<string | null> {
  const data = await world.call(mutation === 'recordMovement' ? RECORD : RESERVE, { input });
  const payload = data[mutation];
  checkRefusals(mutation, payload.userErrors);
  const resultId: string | null = (mutation === 'recordMovement' ? payload.movement?.id : payload.reservation?.id) ?? null;
  world.sent.push({ mutation, input, resultId });
  if (mutation === 'reserveStock' && resultId !== null) world.reservations.push(resultId);
  return resultId;
}

/** A movement of `part` (an asset of it when serialized), as recordMovement takes it. */
function movementInput(world: World, op: { part: number; asset: number; quantity: number }, fields: Record<string, unknown>): Record<string, unknown> {
  const partNumberId = world.part(op.part);
  const serialized = world.isSerialized(partNumberId);
  return {
    idempotencyKey: randomUUID(), partNumberId, assetId: serialized ? world.asset(op.asset) : null,
    quantity: serialized ? '1' : String(op.quantity), ...fields,
  };
}

/** The world's movements waiting for approval, oldest first. */
async function pendingMovements(world: World): Promise<string[]> {
  const rows = await world.db.query<{ id: string }>(
    'modelPendingMovements',
    `SELECT id::text FROM stock.movement WHERE part_number_id = ANY($1::bigint[]) AND status = 'PENDING_APPROVAL' ORDER BY id`,
    [world.parts],
  );
  return rows.map((row) => row.id);
}

/** Decides a pending movement's approval request level by level, each level by another approver; a rejection ends it. */
async function decide(world: World, movementId: string, approve: boolean): Promise<void> {
  const read = async () =>
    (await world.call(`query ($id: ID!) { movement(id: $id) { status approval { id status currentLevel requiredLevels } } }`, { id: movementId }, 'dev-analyst')).movement;
  const deadline = Date.now() + 10_000;
  let movement = await read();
  // Approvals opens the request from stock's outbox event.
  while (movement.status === 'PENDING_APPROVAL' && movement.approval === null) {
    if (Date.now() > deadline) throw new Error(`no approval request for movement ${movementId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    movement = await read();
  }
  for (const approver of APPROVERS) {
    if (movement.approval === null || movement.approval.status !== 'PENDING') return;
    const data = await world.call(
      `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) { approvalRequest { id status currentLevel } userErrors { code message } } }`,
      { input: { requestId: movement.approval.id, decision: approve ? 'APPROVE' : 'REJECT', comment: 'model' } },
      approver,
    );
    const decided = data.decideApproval;
    if (decided.approvalRequest) movement = { ...movement, approval: { ...movement.approval, ...decided.approvalRequest } };
    if (!approve) return;
  }
}

/** Counts the subtree of `root` as a person would: what stock records, off by `deltas`, some assets found elsewhere. */
async function count(world: World, op: Extract<Operation, { kind: 'count' }>): Promise<void> {
  const started = await world.call(
    `mutation ($input: StartCountInput!) { startCount(input: $input) { countSession { id } userErrors { code message } } }`,
    { input: { locationId: world.place(op.root).id } },
  );
  const session = started.startCount.countSession?.id as string | undefined;
  if (!session) return;
  const scope = await world.db.query<{ id: string }>('modelCountScope', `SELECT location_id::text AS id FROM stock.count_scope WHERE session_id = $1 ORDER BY location_id`, [session]);
  const scopeIds = scope.map((row) => row.id);
  const bulk = world.parts.filter((part) => !world.isSerialized(part));
  const balances = await world.db.query<{ part: string; location: string; onHand: string }>(
    'modelCountBalances',
    `SELECT part_number_id::text AS part, location_id::text AS location, on_hand::text AS "onHand" FROM stock.balance
     WHERE part_number_id = ANY($1::bigint[]) AND location_id = ANY($2::bigint[]) ORDER BY 1, 2`,
    [bulk, scopeIds],
  );
  const record = (input: Record<string, unknown>) =>
    world.call(`mutation ($input: RecordCountInput!) { recordCount(input: $input) { userErrors { code field message } } }`, { input: { sessionId: session, ...input } });
  let n = 0;
  for (const part of bulk) {
    for (const location of scopeIds) {
      const onHand = Number(balances.find((row) => row.part === part && row.location === location)?.onHand ?? 0);
      const counted = Math.max(0, onHand + (op.deltas[n++ % Math.max(op.deltas.length, 1)] ?? 0));
      if (counted === 0 && onHand === 0) continue;
      const answer = await record({ partNumberId: part, locationId: location, quantity: String(counted) });
      checkRefusals('recordCount', answer.recordCount.userErrors);
    }
  }
  const positions = await world.db.query<{ asset: string; location: string }>(
    'modelCountPositions',
    `SELECT asset_id::text AS asset, location_id::text AS location FROM stock.asset_position WHERE asset_id = ANY($1::bigint[]) AND location_id = ANY($2::bigint[]) ORDER BY 1`,
    [world.assets, scopeIds],
  );
  for (const [i, position] of positions.entries()) {
    const misplaced = op.misplace[i];
    // Misplaced past the scope's end: not found at all.
    if (misplaced !== undefined && misplaced >= scopeIds.length) continue;
    const at = misplaced === undefined ? position.location : scopeIds[misplaced]!;
    const answer = await record({ partNumberId: world.serializedPart, locationId: at, assetId: position.asset });
    checkRefusals('recordCount', answer.recordCount.userErrors);
  }
  await world.call(`mutation ($input: CloseCountInput!) { closeCount(input: $input) { countSession { status } userErrors { code message } } }`, { input: { sessionId: session } });
  if (op.adjust) await adjustCount(world, session);
}

async function adjustCount(world: World, sessionId: string): Promise<void> {
  const data = await world.call(
    `mutation ($input: AdjustCountInput!) { adjustCount(input: $input) { countSession { status } movements { id } userErrors { code field message } } }`,
    { input: { sessionId } },
  );
  checkRefusals('adjustCount', data.adjustCount.userErrors);
}

/** Runs one operation against the system. */
export async function runOperation(world: World, op: Operation): Promise<void> {
  switch (op.kind) {
    case 'receive':
      await sendKeyed(world, 'recordMovement', movementInput(world, op, { type: 'INBOUND', toLocationId: world.place(op.to).id, unitCost: String(op.unitCost) }));
      return;
    case 'issue':
      await sendKeyed(world, 'recordMovement', movementInput(world, op, { type: 'OUTBOUND', fromLocationId: world.place(op.from).id }));
      return;
    case 'transfer':
      await sendKeyed(world, 'recordMovement', movementInput(world, op, { type: 'TRANSFER', fromLocationId: world.place(op.from).id, toLocationId: world.place(op.to).id }));
      return;
    case 'adjust': {
      const at = world.place(op.at).id;
      await sendKeyed(world, 'recordMovement', movementInput(world, op, { type: 'ADJUSTMENT', reason: 'model adjustment', ...(op.up ? { toLocationId: at } : { fromLocationId: at }) }));
      return;
    }
    case 'reserve':
      await sendKeyed(world, 'reserveStock', {
        idempotencyKey: randomUUID(), partNumberId: world.part(op.part), locationId: world.bin(op.at).id,
        quantity: world.isSerialized(world.part(op.part)) ? '1' : String(op.quantity),
        expiresAt: op.expiresInMs === null ? null : new Date(Date.now() + op.expiresInMs).toISOString(),
      });
      return;
    case 'fulfil': {
      if (world.reservations.length === 0) return;
      const reservationId = world.reservations[op.reservation % world.reservations.length];
      await world.call(
        `mutation ($input: FulfilReservationInput!) { fulfilReservation(input: $input) { reservation { status } movement { id } userErrors { code message } } }`,
        { input: { reservationId, toLocationId: op.to === null ? null : world.place(op.to).id } },
      );
      return;
    }
    case 'release': {
      if (world.reservations.length === 0) return;
      const reservationId = world.reservations[op.reservation % world.reservations.length];
      await world.call(`mutation ($input: ReleaseReservationInput!) { releaseReservation(input: $input) { reservation { status } userErrors { code message } } }`, { input: { reservationId } });
      return;
    }
    case 'expire':
      // Time passes; the expiry worker may or may not have run by the end of it.
      await new Promise((resolve) => setTimeout(resolve, op.afterMs));
      if (op.sweep) await world.expiry.runNow();
      return;
    case 'count':
      await count(world, op);
      return;
    case 'adjustCounts': {
      const sessions = await world.db.query<{ id: string }>(
        'modelClosedCounts',
        `SELECT DISTINCT c.session_id::text AS id FROM stock.count_scope c WHERE c.status = 'CLOSED' AND c.location_id = ANY($1::bigint[]) ORDER BY 1`,
        [world.places.map((place) => place.id)],
      );
      for (const { id } of sessions) await adjustCount(world, id);
      return;
    }
    case 'decide': {
      const pending = await pendingMovements(world);
      if (pending.length === 0) return;
      await decide(world, pending[op.pending % pending.length]!, op.approve);
      return;
    }
    case 'assetStatus':
      await world.call(
        `mutation ($input: ChangeAssetStatusInput!) { changeAssetStatus(input: $input) { asset { id } userErrors { code message } } }`,
        { input: { id: world.asset(op.asset), status: op.status, note: 'model' } },
      );
      return;
    case 'moveLocation': {
      const place = world.place(op.location);
      const parent = world.place(op.parent);
      await world.call(`mutation ($input: MoveLocationInput!) { moveLocation(input: $input) { location { id } userErrors { code message } } }`, {
        input: { id: place.id, parentId: place.type === 'WAREHOUSE' ? null : parent.id },
      });
      return;
    }
    case 'replay': {
      if (world.sent.length === 0) return;
      const first = world.sent[op.write % world.sent.length]!;
      const answers = await Promise.all(
        Array.from({ length: op.copies }, () => world.call(first.mutation === 'recordMovement' ? RECORD : RESERVE, { input: first.input })),
      );
      for (const data of answers) {
        const payload = data[first.mutation];
        const id = (first.mutation === 'recordMovement' ? payload.movement?.id : payload.reservation?.id) ?? null;
        // A write that succeeded once answers the same object for its key, every time.
        if (first.resultId !== null && id !== first.resultId) {
          throw new Error(`replaying ${first.mutation} key ${String(first.input.idempotencyKey)} answered ${id} instead of ${first.resultId}: ${JSON.stringify(payload)}`);
        }
      }
      return;
    }
    case 'burst':
      await Promise.all(op.operations.map((each) => runOperation(world, each)));
      return;
  }
}
