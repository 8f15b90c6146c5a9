import { describe, expect, it } from 'vitest';
import type { ApprovalRequestRow } from '../db/approval-requests.ts';
import type { DecisionRow } from '../db/decisions.ts';
import { DEFAULT_LEVEL } from './levels.ts';
import { nextState, refuseAuthority, refuseDecision } from './decision.ts';

const now = new Date('2026-05-01T10:00:00Z');
const request = (overrides: Partial<ApprovalRequestRow> = {}): ApprovalRequestRow => ({
  id: '41', kind: 'STOCK_MOVEMENT', status: 'PENDING', assetId: null, movementId: '812', action: null, actionInput: null,
  policyId: null, title: 'Transfer', reason: null, value: '20000', confidenceScore: null, triggers: ['VALUE_THRESHOLD'],
  currentLevel: 1, requiredLevels: 2, requestedBy: 'olga', createdAt: now, updatedAt: now, dueAt: null, expiresAt: null,
  escalatedAt: null, decidedAt: null, ...overrides,
});
const decision = (decidedBy: string, onBehalfOf: string | null = null): DecisionRow => ({
  id: '1', requestId: '41', level: 1, decision: 'APPROVE', comment: null, decidedBy, onBehalfOf, delegationId: onBehalfOf ? '3' : null, decidedAt: now,
});
const ann = { subject: 'ann', roles: ['approver'] as const };

describe('refuseDecision', () => {
  it('lets another approver decide an open request', () => {
    expect(refuseDecision(request(), ann, [], null)).toBeNull();
    expect(refuseDecision(request({ status: 'ESCALATED', escalatedAt: now }), ann, [], 1)).toBeNull();
  });

  it('refuses closed requests, stale levels, the requester and a second decision by the same person, with their codes', () => {
    expect(refuseDecision(request({ status: 'APPROVED', decidedAt: now }), ann, [], null)?.code).toBe('INVALID_TRANSITION');
    expect(refuseDecision(request({ currentLevel: 2 }), ann, [], 1)).toEqual({
      code: 'CONFLICT',
      message: 'Request 41 is now at level 2, not level 1; reload it and decide again.',
      field: ['input', 'level'],
    });
    expect(refuseDecision(request({ requestedBy: 'ann' }), ann, [], null)?.code).toBe('SELF_APPROVAL');
    expect(refuseDecision(request({ currentLevel: 2 }), ann, [decision('ann')], null)?.code).toBe('REPEATED_APPROVER');
    expect(refuseDecision(request({ currentLevel: 2 }), ann, [decision('bob', 'ann')], null)?.code).toBe('REPEATED_APPROVER');
  });
});

describe('refuseAuthority', () => {
  it('explains who may decide when nothing allows the caller', () => {
    expect(refuseAuthority(request(), null, { ...DEFAULT_LEVEL, approverRole: 'admin', approvers: ['bob'] }, [])).toEqual({
      code: 'NOT_ALLOWED_AT_LEVEL',
      message: 'You may not decide level 1 of request 41: it is for admins or bob.',
      field: ['input', 'requestId'],
    });
  });

  it('refuses a delegate deciding for the requester or for someone who already decided', () => {
    const forOlga = { kind: 'delegated', onBehalfOf: 'olga', delegationId: '3', chain: ['olga', 'ann'] } as const;
    expect(refuseAuthority(request(), forOlga, DEFAULT_LEVEL, [])?.code).toBe('SELF_APPROVAL');
    const forBob = { kind: 'delegated', onBehalfOf: 'bob', delegationId: '3', chain: ['bob', 'ann'] } as const;
    expect(refuseAuthority(request({ currentLevel: 2 }), forBob, DEFAULT_LEVEL, [decision('bob')])?.code).toBe('REPEATED_APPROVER');
    expect(refuseAuthority(request(), forBob, DEFAULT_LEVEL, [])).toBeNull();
  });
});

describe('nextState', () => {
  it('moves an approval below the last level to the next level, pending and due under its SLA', () => {
    expect(nextState(request({ status: 'ESCALATED', escalatedAt: now }), 'APPROVE', { ...DEFAULT_LEVEL, slaHours: 24 }, now)).toEqual({
      status: 'PENDING',
      currentLevel: 2,
      dueAt: new Date('2026-05-02T10:00:00Z'),
      escalatedAt: null,
      decidedAt: null,
      outcome: null,
    });
  });

  it('approves at the last level and rejects at any level', () => {
    expect(nextState(request({ currentLevel: 2 }), 'APPROVE', null, now)).toMatchObject({ status: 'APPROVED', currentLevel: 2, decidedAt: now, outcome: 'APPROVED' });
    expect(nextState(request(), 'REJECT', DEFAULT_LEVEL, now)).toMatchObject({ status: 'REJECTED', currentLevel: 1, decidedAt: now, outcome: 'REJECTED' });
  });
});
