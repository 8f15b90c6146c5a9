import { randomUUID } from 'node:crypto';
import { multiplyDecimals } from '@inventory/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';

const OPERATOR = { 'x-api-key': 'dev-operator' };
const suffix = () => randomUUID().slice(0, 8).toUpperCase();

describe('an operator working stock through the gateway', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
  });
  afterAll(() => stack?.stop());

  const run = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = OPERATOR) => {
    const { status, body } = await stack.execute(query, variables, headers);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(status).toBe(200);
    return body.data;
  };

  it('builds locations, receives, moves, reserves, counts and adjusts stock', async () => {
    const tag = suffix();
    const { partNumber } = await run(`query { partNumber(code: "PN-CAB-0001") { id code } }`, {});
    const create = `mutation ($input: CreateLocationInput!) { createLocation(input: $input) { location { id code path } userErrors { code } } }`;
    const warehouse = (await run(create, { input: { code: `E2E-${tag}`, name: 'E2E warehouse', type: 'WAREHOUSE' } })).createLocation.location;
    const shelf = (await run(create, { input: { code: `E2E-${tag}-S1`, name: 'Shelf', type: 'SHELF', parentId: warehouse.id } })).createLocation.location;
    const bin = (await run(create, { input: { code: `E2E-${tag}-S1-B1`, name: 'Bin', type: 'BIN', parentId: shelf.id } })).createLocation.location;
    expect(bin.path).toBe(`E2E-${tag}/E2E-${tag}-S1/E2E-${tag}-S1-B1`);

    const recordMovement = `mutation ($input: RecordMovementInput!) { recordMovement(input: $input) {
      movement { id type status quantity partNumber { code } from { code } to { code } } userErrors { code message } } }`;
    const received = (await run(recordMovement, { input: { idempotencyKey: randomUUID(), type: 'INBOUND', partNumberId: partNumber.id, quantity: '40', toLocationId: bin.id, unitCost: '9', documentRef: `PO-${tag}` } })).recordMovement;
    expect(received).toEqual({ movement: { id: expect.any(String), type: 'INBOUND', status: 'POSTED', quantity: '40', partNumber: { code: 'PN-CAB-0001' }, from: null, to: { code: bin.code } }, userErrors: [] });
    const moved = (await run(recordMovement, { input: { idempotencyKey: randomUUID(), type: 'TRANSFER', partNumberId: partNumber.id, quantity: '10', fromLocationId: bin.id, toLocationId: shelf.id } })).recordMovement;
    expect(moved.movement.status).toBe('POSTED');

    const reserve = `mutation ($input: ReserveStockInput!) { reserveStock(input: $input) { reservation { id status quantity } userErrors { code } } }`;
    const reservation = (await run(reserve, { input: { idempotencyKey: randomUUID(), partNumberId: partNumber.id, locationId: bin.id, quantity: '5', project: 'Alpha' } })).reserveStock.reservation;
    expect(reservation).toMatchObject({ status: 'ACTIVE', quantity: '5' });

    // Stock is valued at the part's moving average cost over every receipt, not at this receipt's cost alone.
    const stockQuery = `query ($id: ID!) { location(id: $id) { balances(includeDescendants: true) { partNumber { code averageCost } onHand reserved available } stockValue } }`;
    const valued = (await run(stockQuery, { id: warehouse.id }, { 'x-api-key': 'dev-analyst' })).location;
    const averageCost = valued.balances[0]?.partNumber.averageCost;
    expect(valued).toEqual({
      balances: [{ partNumber: { code: 'PN-CAB-0001', averageCost }, onHand: '40', reserved: '5', available: '35' }],
      stockValue: multiplyDecimals('40', averageCost),
    });

    const session = (await run(`mutation ($input: StartCountInput!) { startCount(input: $input) { countSession { id } } }`, { input: { locationId: warehouse.id } })).startCount.countSession;
    await run(`mutation ($input: RecordCountInput!) { recordCount(input: $input) { userErrors { code } } }`, { input: { sessionId: session.id, partNumberId: partNumber.id, locationId: bin.id, quantity: '28' } });
    await run(`mutation ($input: RecordCountInput!) { recordCount(input: $input) { userErrors { code } } }`, { input: { sessionId: session.id, partNumberId: partNumber.id, locationId: shelf.id, quantity: '10' } });
    const closed = (await run(`mutation ($input: CloseCountInput!) { closeCount(input: $input) { countSession { status divergences { kind location { code } difference } } } }`, { input: { sessionId: session.id } })).closeCount;
    expect(closed.countSession).toEqual({ status: 'CLOSED', divergences: [{ kind: 'QUANTITY_OFF', location: { code: bin.code }, difference: '-2' }] });
    const adjusted = (await run(`mutation ($input: AdjustCountInput!) { adjustCount(input: $input) { countSession { status } movements { type status quantity from { code } } userErrors { code } } }`, { input: { sessionId: session.id } })).adjustCount;
    expect(adjusted).toEqual({ countSession: { status: 'ADJUSTED' }, movements: [{ type: 'ADJUSTMENT', status: 'PENDING_APPROVAL', quantity: '2', from: { code: bin.code } }], userErrors: [] });

    const ledger = await run(`query ($filter: MovementFilter) { movements(first: 10, filter: $filter) { totalCount edges { node { type status } } } }`, {
      filter: { locationId: warehouse.id, includeDescendants: true, partNumberId: partNumber.id },
    }, { 'x-api-key': 'dev-analyst' });
    expect(ledger.movements.edges.map((edge: { node: { type: string; status: string } }) => `${edge.node.type}:${edge.node.status}`)).toEqual([
      'ADJUSTMENT:PENDING_APPROVAL', 'RESERVATION:POSTED', 'TRANSFER:POSTED', 'INBOUND:POSTED',
    ]);
  });

  it('refuses stock changes to a read-only analyst key', async () => {
    const { body } = await stack.execute(
      `mutation ($input: RecordMovementInput!) { recordMovement(input: $input) { movement { id } } }`,
      { input: { idempotencyKey: randomUUID(), type: 'INBOUND', partNumberId: '21', quantity: '1', toLocationId: '1' } },
      { 'x-api-key': 'dev-analyst' },
    );
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
