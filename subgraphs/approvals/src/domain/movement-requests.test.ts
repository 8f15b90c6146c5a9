import { describe, expect, it } from 'vitest';
import { movementRequestKind, movementRequestTitle, parseMovementApprovalRequested } from './movement-requests.ts';

const payload = {
  movementId: '812', type: 'ADJUSTMENT', partNumberId: '25', assetId: null, quantity: '3', fromLocationId: '17', toLocationId: null,
  unitCost: '9.40', value: '28.20', confidenceScore: null, reason: 'Cycle count shortfall', documentRef: 'CC-325',
  triggers: ['ADJUSTMENT'], requestedBy: 'dev-operator', addedLater: 'ignored',
};

describe('parseMovementApprovalRequested', () => {
  it('reads the documented payload and ignores fields it does not know', () => {
    const parsed = parseMovementApprovalRequested(payload);
    expect(parsed.ok && parsed.event).toEqual({
      movementId: '812', type: 'ADJUSTMENT', partNumberId: '25', assetId: null, quantity: '3', fromLocationId: '17', toLocationId: null,
      unitCost: '9.40', value: '28.20', confidenceScore: null, reason: 'Cycle count shortfall', documentRef: 'CC-325',
      triggers: ['ADJUSTMENT'], requestedBy: 'dev-operator',
    });
  });

  it('says why a payload cannot open a request', () => {
    expect(parseMovementApprovalRequested({ ...payload, movementId: 'x' })).toEqual({ ok: false, reason: 'movementId is missing or malformed' });
    expect(parseMovementApprovalRequested({ ...payload, requestedBy: '' })).toEqual({ ok: false, reason: 'requestedBy is missing' });
    expect(parseMovementApprovalRequested(null)).toEqual({ ok: false, reason: 'payload is not an object' });
  });
});

describe('movement requests', () => {
  it('are reviews when stock flagged low confidence, showing the score', () => {
    const parsed = parseMovementApprovalRequested({ ...payload, confidenceScore: '0.42', triggers: ['ADJUSTMENT', 'LOW_CONFIDENCE'] });
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(movementRequestKind(parsed.event)).toBe('REVIEW');
    expect(movementRequestTitle(parsed.event)).toBe('Review (confidence 0.42) ADJUSTMENT of 3 of part 25 from location 17 (value 28.20): Cycle count shortfall');
  });

  it('are approvals otherwise', () => {
    const parsed = parseMovementApprovalRequested(payload);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(movementRequestKind(parsed.event)).toBe('STOCK_MOVEMENT');
  });
});
