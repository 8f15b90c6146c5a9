import { describe, expect, it } from 'vitest';
import type { LevelDefinition } from '../db/levels.ts';
import { DEFAULT_LEVEL, findAuthority, roleAllows, rulesOf } from './levels.ts';

const rule = (overrides: Partial<LevelDefinition>): LevelDefinition => ({ ...DEFAULT_LEVEL, slaHours: null, ...overrides });
const approver = { subject: 'ann', roles: ['approver'] as const };
const admin = { subject: 'root', roles: ['admin'] as const };

describe('roleAllows', () => {
  it('lets admins decide every role-based level and approvers only approver levels', () => {
    expect(roleAllows('approver', ['approver'])).toBe(true);
    expect(roleAllows('admin', ['approver'])).toBe(false);
    expect(roleAllows('admin', ['admin'])).toBe(true);
    expect(roleAllows('approver', ['operator'])).toBe(false);
    expect(roleAllows(null, ['admin'])).toBe(false);
  });
});

describe('findAuthority', () => {
  it('allows by role or by name, directly', () => {
    expect(findAuthority(rule({ approverRole: 'approver' }), approver, false, [])).toEqual({ kind: 'direct' });
    expect(findAuthority(rule({ approverRole: null, approvers: ['ann'] }), approver, false, [])).toEqual({ kind: 'direct' });
  });

  it('refuses a caller whose role the level does not allow and who is not named', () => {
    expect(findAuthority(rule({ approverRole: 'admin' }), approver, false, [])).toBeNull();
    expect(findAuthority(rule({ approverRole: null, approvers: ['bob'] }), admin, false, [])).toBeNull();
  });

  it('lets the escalation target decide only once the level is escalated', () => {
    const escalating = rule({ approverRole: null, approvers: ['bob'], escalateToRole: 'approver', escalateTo: ['carl'] });
    expect(findAuthority(escalating, approver, false, [])).toBeNull();
    expect(findAuthority(escalating, approver, true, [])).toEqual({ kind: 'direct' });
    expect(findAuthority(escalating, { subject: 'carl', roles: ['operator'] }, true, [])).toEqual({ kind: 'direct' });
  });

  it('allows a delegate of a named approver, recording whose authority and which delegation', () => {
    const named = rule({ approverRole: null, approvers: ['bob'] });
    const delegated = [
      { delegator: 'zed', delegationId: '7', chain: ['zed', 'ann'] },
      { delegator: 'bob', delegationId: '9', chain: ['bob', 'cy', 'ann'] },
    ];
    expect(findAuthority(named, approver, false, delegated)).toEqual({ kind: 'delegated', onBehalfOf: 'bob', delegationId: '9', chain: ['bob', 'cy', 'ann'] });
  });
});

describe('rulesOf', () => {
  it('fills levels without a rule with the default rule', () => {
    const rules = rulesOf('5', [{ ownerId: '5', ownerType: 'ApprovalRequest', level: 2, ...rule({ approverRole: 'admin' }) }], 2);
    expect(rules.map((level) => [level.ownerId, level.level, level.approverRole, level.slaHours])).toEqual([
      ['5', 1, 'approver', 48],
      ['5', 2, 'admin', null],
    ]);
  });
});
