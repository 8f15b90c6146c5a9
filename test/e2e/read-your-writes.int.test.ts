import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';

const tag = randomUUID().slice(0, 8).toUpperCase();
const OPERATOR = { 'x-api-key': 'dev-operator' };

const CREATE_PART = `mutation ($input: CreatePartNumberInput!) { createPartNumber(input: $input) { partNumber { id } userErrors { code message } } }`;
const CREATE_ASSET = `mutation ($input: CreateAssetInput!) { createAsset(input: $input) { asset { id } userErrors { code message } } }`;
const RECORD = `mutation ($input: RecordMovementInput!) { recordMovement(input: $input) { movement { id status } userErrors { code field message } } }`;
const RESERVE = `mutation ($input: ReserveStockInput!) { reserveStock(input: $input) { reservation { id status } userErrors { code field message } } }`;

describe('a write in stock right after catalog created what it names', () => {
  let stack: Stack;
  let warehouseId: string;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
    const { body } = await stack.execute(
      `mutation ($input: CreateLocationInput!) { createLocation(input: $input) { location { id } } }`,
      { input: { code: `${tag}-RYW`, name: 'Read-your-writes warehouse', type: 'WAREHOUSE' } },
      OPERATOR,
    );
    warehouseId = body.data.createLocation.location.id;
  });
  afterAll(() => stack?.stop());

  it('receives a serialized part and an asset created the moment before, every time', async () => {
    const outcomes: unknown[] = [];
    for (let n = 0; n < 25; n++) {
      const part = await stack.execute(CREATE_PART, { input: { code: `${tag}-RYW-${n}`, description: 'Created and received at once', serialized: true } }, OPERATOR);
      const partNumberId = part.body.data.createPartNumber.partNumber.id;
      const asset = await stack.execute(CREATE_ASSET, { input: { partNumberId, serialNumber: `${tag}-RYW-SN-${n}` } }, OPERATOR);
      const assetId = asset.body.data.createAsset.asset.id;
      const received = await stack.execute(
        RECORD,
        { input: { idempotencyKey: randomUUID(), type: 'INBOUND', partNumberId, assetId, quantity: '1', toLocationId: warehouseId } },
        OPERATOR,
      );
      expect(received.body.errors).toBeUndefined();
      outcomes.push(received.body.data.recordMovement.userErrors.length === 0 ? received.body.data.recordMovement.movement.status : received.body.data.recordMovement.userErrors);
    }
    expect(outcomes).toEqual(Array(25).fill('POSTED'));
  });

  it('reserves a bulk part created and received the moment before', async () => {
    const part = await stack.execute(CREATE_PART, { input: { code: `${tag}-RYW-BULK`, description: 'Bulk, reserved at once' } }, OPERATOR);
    const partNumberId = part.body.data.createPartNumber.partNumber.id;
    const received = await stack.execute(RECORD, { input: { idempotencyKey: randomUUID(), type: 'INBOUND', partNumberId, quantity: '4', toLocationId: warehouseId } }, OPERATOR);
    expect(received.body.data.recordMovement).toMatchObject({ movement: { status: 'POSTED' }, userErrors: [] });
    const reserved = await stack.execute(RESERVE, { input: { idempotencyKey: randomUUID(), partNumberId, locationId: warehouseId, quantity: '3' } }, OPERATOR);
    expect(reserved.body.data.reserveStock).toMatchObject({ reservation: { status: 'ACTIVE' }, userErrors: [] });
  });

  it('still refuses, at once, a part number and an asset that do not exist', async () => {
    const missingPart = await stack.execute(
      RECORD,
      { input: { idempotencyKey: randomUUID(), type: 'INBOUND', partNumberId: '987654321', quantity: '1', toLocationId: warehouseId } },
      OPERATOR,
    );
    expect(missingPart.body.data.recordMovement.userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'partNumberId'], message: 'Part number 987654321 is not known to stock.' },
    ]);
    const part = await stack.execute(CREATE_PART, { input: { code: `${tag}-RYW-NOASSET`, description: 'No such asset', serialized: true } }, OPERATOR);
    const partNumberId = part.body.data.createPartNumber.partNumber.id;
    const missingAsset = await stack.execute(
      RECORD,
      { input: { idempotencyKey: randomUUID(), type: 'INBOUND', partNumberId, assetId: '987654321', quantity: '1', toLocationId: warehouseId } },
      OPERATOR,
    );
    expect(missingAsset.body.data.recordMovement.userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'assetId'], message: 'Asset 987654321 is not known to stock.' },
    ]);
  });
});
