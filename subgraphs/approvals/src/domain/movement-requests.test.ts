import { EventPayloadError, parseEventPayload } from '@inventory/schema/events';
import { describe, expect, it } from 'vitest';
import { movementRequestKind, movementRequestTitle, recordableMovement } from './movement-requests.ts';

const payload = {
  movementId: '812', type: 'ADJUSTMENT', partNumberId: '25', assetId: null, quantity: '3', fromLocationId: '17', toLocationId: null,
  unitCost: '9.40', value: '28.20', confidenceScore: null, reason: 'Cycle count shortfall', documentRef: 'CC-325',
  triggers: ['ADJUSTMENT'], requestedBy: 'dev-operator', addedLater: 'ignored',
};
const parse = (event: unknown) => parseEventPayload('stock.movement.approval_requested', event);

describe('stock.movement.approval_requested, as approvals reads it', () => {
  it('reads the documented payload and ignores fields it does not know', () => {
    expect(parse(payload)).toEqual({
      movementId: '812', type: 'ADJUSTMENT', partNumberId: '25', assetId: null, quantity: '3', fromLocationId: '17', toLocationId: null,
      unitCost: '9.40', value: '28.20', confidenceScore: null, reason: 'Cycle count shortfall', documentRef: 'CC-325',
      triggers: ['ADJUSTMENT'], requestedBy: 'dev-operator',
    });
  });

  it('says why a payload cannot open a request', () => {
    expect(() => parse({ ...payload, movementId: 'x' })).toThrow(EventPayloadError);
    expect(() => parse({ ...payload, movementId: 'x' })).toThrow(/movementId: not a database id/);
    expect(() => parse({ ...payload, requestedBy: '' })).toThrow(/requestedBy/);
    expect(() => parse(null)).toThrow(EventPayloadError);
  });
});

describe('recordableMovement', () => {
  it('drops a confidence score the request cannot hold, and a blank reason, keeping everything else', () => {
    expect(recordableMovement(parse({ ...payload, confidenceScore: '1.5', reason: '  ' }))).toEqual({ ...parse(payload), confidenceScore: null, reason: null });
    expect(recordableMovement(parse({ ...payload, confidenceScore: '0.79999' })).confidenceScore).toBeNull();
    expect(recordableMovement(parse({ ...payload, confidenceScore: '0.7999' })).confidenceScore).toBe('0.7999');
    expect(recordableMovement(parse({ ...payload, confidenceScore: '0.42' })).confidenceScore).toBe('0.42');
    expect(recordableMovement(parse({ ...payload, confidenceScore: '-0.1' })).confidenceScore).toBeNull();
  });
});

describe('movement requests', () => {
  it('are reviews when stock flagged low confidence, showing the score', () => {
    const event = parse({ ...payload, confidenceScore: '0.42', triggers: ['ADJUSTMENT', 'LOW_CONFIDENCE'] });
    expect(movementRequestKind(event)).toBe('REVIEW');
    expect(movementRequestTitle(event)).toBe('Review (confidence 0.42) ADJUSTMENT of 3 of part 25 from location 17 (value 28.20): Cycle count shortfall');
  });

  it('are approvals otherwise', () => {
    expect(movementRequestKind(parse(payload))).toBe('STOCK_MOVEMENT');
  });
});
