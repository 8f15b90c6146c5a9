import { describe, expect, it } from 'vitest';
import type { PolicyRow } from '../db/policies.ts';
import { planRequest, policyMatches, selectPolicy, validatePolicy, type SubjectFacts } from './policies.ts';

const at = new Date('2026-05-01T10:00:00Z');
const policy = (overrides: Partial<PolicyRow>): PolicyRow => ({
  id: '1', code: 'P', name: 'P', subjectKind: 'STOCK_MOVEMENT', movementTypes: null, assetActions: null, minValue: null,
  maxValue: null, confidenceBelow: null, priority: 0, expiresAfterHours: null, active: true, createdAt: at, updatedAt: at, ...overrides,
});
const transfer = (value: string | null, confidenceScore: string | null = null): SubjectFacts => ({
  subjectKind: 'STOCK_MOVEMENT', movementType: 'TRANSFER', action: null, value, confidenceScore,
});

describe('policyMatches', () => {
  it('applies a value band from its lower bound up to, not including, its upper bound', () => {
    const band = policy({ movementTypes: ['TRANSFER'], minValue: '10000', maxValue: '50000' });
    expect(policyMatches(band, transfer('10000'))).toBe(true);
    expect(policyMatches(band, transfer('9999.99'))).toBe(false);
    expect(policyMatches(band, transfer('50000'))).toBe(false);
    expect(policyMatches(band, transfer(null))).toBe(false);
  });

  it('checks movement types, asset actions, confidence and subject kind', () => {
    expect(policyMatches(policy({ movementTypes: ['ADJUSTMENT'] }), transfer('1'))).toBe(false);
    expect(policyMatches(policy({ confidenceBelow: '0.8' }), transfer('1', '0.79'))).toBe(true);
    expect(policyMatches(policy({ confidenceBelow: '0.8' }), transfer('1', '0.8'))).toBe(false);
    expect(policyMatches(policy({ subjectKind: 'ASSET_ACTION', assetActions: ['DISPOSE'] }), { subjectKind: 'ASSET_ACTION', movementType: null, action: 'DISPOSE', value: null, confidenceScore: null })).toBe(true);
    expect(policyMatches(policy({ subjectKind: 'ASSET_ACTION' }), transfer('1'))).toBe(false);
  });
});

describe('selectPolicy', () => {
  it('takes the first matching policy of a list ordered by priority', () => {
    const policies = [policy({ id: '3', minValue: '100000' }), policy({ id: '2', movementTypes: ['TRANSFER'] }), policy({ id: '1' })];
    expect(selectPolicy(policies, transfer('500'))?.id).toBe('2');
    expect(selectPolicy([], transfer('500'))).toBeNull();
  });
});

describe('planRequest', () => {
  it('copies the policy levels and sets the first due time and the final deadline', () => {
    const levels = [
      { approverRole: 'approver' as const, approvers: [], slaHours: 24, escalateToRole: 'admin' as const, escalateTo: [] },
      { approverRole: 'admin' as const, approvers: [], slaHours: null, escalateToRole: null, escalateTo: [] },
    ];
    expect(planRequest(policy({ id: '9', expiresAfterHours: 48 }), levels, at)).toEqual({
      policyId: '9', levels, requiredLevels: 2, dueAt: new Date('2026-05-02T10:00:00Z'), expiresAt: new Date('2026-05-03T10:00:00Z'),
    });
  });

  it('falls back to one default level when no policy matched', () => {
    expect(planRequest(null, [], at)).toEqual({ policyId: null, levels: [], requiredLevels: 1, dueAt: new Date('2026-05-03T10:00:00Z'), expiresAt: null });
  });
});

describe('validatePolicy', () => {
  it('lists every problem with the input field it concerns', () => {
    const result = validatePolicy('STOCK_MOVEMENT', {
      name: ' ',
      movementTypes: ['TRANSFER', 'TELEPORT'],
      assetActions: ['DISPOSE'],
      minValue: '10',
      maxValue: '5',
      confidenceBelow: '1.5',
      levels: [{ approvers: [] }, { approverRole: 'approver', escalateToRole: 'admin' }],
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((error) => error.field?.join('.'))).toEqual([
      'input.name',
      'input.assetActions',
      'input.movementTypes',
      'input.maxValue',
      'input.confidenceBelow',
      'input.levels.0.approverRole',
      'input.levels.1.slaHours',
    ]);
  });

  it('refuses a confidence threshold finer than scores are stored, and a value band past what is stored', () => {
    const result = validatePolicy('STOCK_MOVEMENT', { name: 'Unsure', confidenceBelow: '0.79999', minValue: '100000000000000', maxValue: '0.0000001', levels: [{ approverRole: 'approver' }] });
    expect(!result.ok && result.errors.map((error) => `${error.code}:${error.field?.join('.')}`)).toEqual([
      'INVALID_VALUE:input.minValue', 'INVALID_VALUE:input.maxValue', 'INVALID_VALUE:input.confidenceBelow',
    ]);
    expect(validatePolicy('STOCK_MOVEMENT', { name: 'Unsure', confidenceBelow: '0.7999', levels: [{ approverRole: 'approver' }] }).ok).toBe(true);
  });

  it('normalises a valid definition', () => {
    const result = validatePolicy('ASSET_ACTION', { name: ' Disposals ', assetActions: ['DISPOSE', 'DISPOSE'], levels: [{ approvers: [' bob '] }] });
    expect(result).toEqual({
      ok: true,
      definition: { name: 'Disposals', movementTypes: null, assetActions: ['DISPOSE'], minValue: null, maxValue: null, confidenceBelow: null, priority: 0, expiresAfterHours: null },
      levels: [{ approverRole: null, approvers: ['bob'], slaHours: null, escalateToRole: null, escalateTo: [] }],
    });
  });
});
