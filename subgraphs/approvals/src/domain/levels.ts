import type { Caller } from '@inventory/platform';
import type { ApproverRoleValue, LevelDefinition, LevelRow } from '../db/levels.ts';
import type { DelegatedAuthority } from '../db/delegations.ts';

/**
 * The rule of a level no policy configured: any approver (or admin) may
 * decide, the decision is due within 48 hours, and nobody is escalated to.
 */
export const DEFAULT_LEVEL: LevelDefinition = {
  approverRole: 'approver',
  approvers: [],
  slaHours: 48,
  escalateToRole: null,
  escalateTo: [],
};

/** How far delegation chains are followed (A lets B decide, B lets C, C lets D). */
export const MAX_DELEGATION_DEPTH = 3;

/** The rule of `level` among a request's levels; the default rule when the request has none for it. */
export function ruleAt(levels: readonly LevelRow[], level: number): LevelDefinition {
  return levels.find((row) => row.level === level) ?? DEFAULT_LEVEL;
}

/** The rules of request `requestId`'s levels 1..`requiredLevels`, the default rule filling any gap. */
export function rulesOf(requestId: string, levels: readonly LevelRow[], requiredLevels: number): LevelRow[] {
  return Array.from({ length: requiredLevels }, (_, index) => {
    const found = levels.find((row) => row.level === index + 1);
    return found ?? { ...DEFAULT_LEVEL, ownerId: requestId, ownerType: 'ApprovalRequest', level: index + 1 };
  });
}

/** Whether a caller with `roles` holds `role` for deciding: admins hold every approving role. */
export function roleAllows(role: ApproverRoleValue | null, roles: readonly string[]): boolean {
  if (role === null) return false;
  return roles.includes('admin') || (role === 'approver' && roles.includes('approver'));
}

/** By what right a caller decides a level. */
export type Authority =
  | { readonly kind: 'direct' }
  | { readonly kind: 'delegated'; readonly onBehalfOf: string; readonly delegationId: string; readonly chain: readonly string[] };

/**
 * Whether `caller` may decide a level with `rule`: by role, by name, as the
 * escalation target once `escalated`, or for a named approver whose
 * authority reaches them by delegation (`delegated`, nearest first).
 * Direct rights win over delegated ones. Null when nothing allows it.
 */
export function findAuthority(
  rule: LevelDefinition,
  caller: Caller,
  escalated: boolean,
  delegated: readonly DelegatedAuthority[],
): Authority | null {
  const names = escalated ? [...rule.approvers, ...rule.escalateTo] : [...rule.approvers];
  const byRole = roleAllows(rule.approverRole, caller.roles) || (escalated && roleAllows(rule.escalateToRole, caller.roles));
  if (byRole || names.includes(caller.subject)) return { kind: 'direct' };
  const via = delegated.find((authority) => names.includes(authority.delegator));
  return via ? { kind: 'delegated', onBehalfOf: via.delegator, delegationId: via.delegationId, chain: via.chain } : null;
}

/** When a level entered at `now` is due under `rule`; null when the level has no SLA. */
export function dueAtFor(rule: LevelDefinition, now: Date): Date | null {
  return rule.slaHours === null ? null : new Date(now.getTime() + rule.slaHours * 3_600_000);
}
