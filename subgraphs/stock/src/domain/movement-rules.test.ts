import { describe, expect, it } from 'vitest';
import { approvalTriggers, checkMovementLocations, checkMovementRequest, DEFAULT_APPROVAL_RULES, type MovementRequest } from './movement-rules.ts';

const request = (overrides: Partial<MovementRequest>): MovementRequest => ({
  type: 'INBOUND', partNumberId: '1', assetId: null, quantity: '1', fromLocationId: null, toLocationId: '10', unitCost: null,
  reason: null, documentRef: null, documentType: null, project: null, costCenter: null, confidenceScore: null, ...overrides,
});
const bulk = { serialized: false, active: true, unitOfMeasure: 'EA', unitDecimalPlaces: 0 };

describe('movement rules', () => {
  it('accepts a well-formed receipt', () => {
    expect(checkMovementRequest(request({}), bulk, null)).toEqual([]);
  });

  it('requires the locations each type needs', () => {
    const fields = (overrides: Partial<MovementRequest>) => checkMovementRequest(request(overrides), bulk, null).map((error) => error.field);
    expect(fields({ type: 'OUTBOUND', toLocationId: null })).toEqual([['input', 'fromLocationId']]);
    expect(fields({ type: 'TRANSFER', fromLocationId: '11', toLocationId: '11' })).toEqual([['input', 'toLocationId']]);
    expect(fields({ type: 'ADJUSTMENT', reason: ' ' })).toEqual([['input', 'reason']]);
    expect(fields({ type: 'ADJUSTMENT', fromLocationId: '11', reason: 'count' })).toEqual([['input', 'fromLocationId']]);
    expect(fields({ type: 'RETURN', fromLocationId: '11', toLocationId: null })).toEqual([['input', 'toLocationId']]);
  });

  it('holds serialized parts to one named asset of the same part that may still move', () => {
    const serialized = { serialized: true, active: true, unitOfMeasure: 'EA', unitDecimalPlaces: 0 };
    const asset = { partNumberId: '1', status: 'AVAILABLE' };
    expect(checkMovementRequest(request({}), serialized, null).map((e) => e.field)).toEqual([['input', 'assetId']]);
    expect(checkMovementRequest(request({ assetId: '5', quantity: '2' }), serialized, asset).map((e) => e.field)).toEqual([['input', 'quantity']]);
    expect(checkMovementRequest(request({ assetId: '5' }), serialized, { ...asset, partNumberId: '2' }).map((e) => e.code)).toEqual(['INVALID_VALUE']);
    expect(checkMovementRequest(request({ assetId: '5' }), serialized, { ...asset, status: 'LOST' }).map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    const writeOff = request({ type: 'OUTBOUND', assetId: '5', fromLocationId: '10', toLocationId: null });
    expect(checkMovementRequest(writeOff, serialized, { ...asset, status: 'SCRAPPED' })).toEqual([]);
    expect(checkMovementRequest({ ...writeOff, type: 'TRANSFER', toLocationId: '11' }, serialized, { ...asset, status: 'SCRAPPED' }).map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    expect(checkMovementRequest(request({ assetId: '5' }), bulk, asset).map((e) => e.field)).toEqual([['input', 'assetId']]);
  });

  it('needs the locations a movement names to exist, and the receiving one to accept stock', () => {
    const found = new Map([['10', { code: 'BIN', active: true }], ['11', { code: 'OLD', active: false }]]);
    expect(checkMovementLocations(request({ type: 'TRANSFER', fromLocationId: '11', toLocationId: '10' }), found)).toEqual([]);
    expect(checkMovementLocations(request({ type: 'TRANSFER', fromLocationId: '12', toLocationId: '11' }), found)).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'fromLocationId'], message: 'Location 12 does not exist.' },
      { code: 'INVALID_VALUE', field: ['input', 'toLocationId'], message: 'Location OLD is inactive and accepts no stock.' },
    ]);
  });

  it('holds every quantity to the precision of its unit', () => {
    expect(checkMovementRequest(request({ quantity: '0.333333' }), bulk, null).map((e) => `${e.code}:${e.field?.join('.')}`)).toEqual(['INVALID_VALUE:input.quantity']);
    expect(checkMovementRequest(request({ quantity: '0.125' }), { ...bulk, unitOfMeasure: 'KG', unitDecimalPlaces: 3 }, null)).toEqual([]);
  });

  it('lets only a receipt name its unit cost', () => {
    expect(checkMovementRequest(request({ unitCost: '4' }), bulk, null)).toEqual([]);
    expect(checkMovementRequest(request({ type: 'TRANSFER', fromLocationId: '11', unitCost: '0' }), bulk, null)).toEqual([
      { code: 'INVALID_VALUE', field: ['input', 'unitCost'], message: "Only an INBOUND receipt names its unitCost; a TRANSFER carries the part's average cost." },
    ]);
  });

  it('sends adjustments, valuable movements and unsure movements to approval', () => {
    expect(approvalTriggers(request({ type: 'ADJUSTMENT' }), DEFAULT_APPROVAL_RULES, '0')).toEqual(['ADJUSTMENT']);
    expect(approvalTriggers(request({}), DEFAULT_APPROVAL_RULES, '10000')).toEqual(['VALUE_THRESHOLD']);
    expect(approvalTriggers(request({}), DEFAULT_APPROVAL_RULES, '9999.99')).toEqual([]);
    expect(approvalTriggers(request({ confidenceScore: '0.8' }), DEFAULT_APPROVAL_RULES, '0')).toEqual([]);
    expect(approvalTriggers(request({ type: 'ADJUSTMENT', confidenceScore: '0.5' }), DEFAULT_APPROVAL_RULES, '10000'))
      .toEqual(['ADJUSTMENT', 'VALUE_THRESHOLD', 'LOW_CONFIDENCE']);
  });

  it('applies only the rules a deployment keeps switched on', () => {
    const rules = { adjustments: false, valueThreshold: null, confidenceThreshold: null };
    expect(approvalTriggers(request({ type: 'ADJUSTMENT', confidenceScore: '0.1' }), rules, '1000000000')).toEqual([]);
  });
});
