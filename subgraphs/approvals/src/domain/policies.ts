import { compareDecimals, fitsNumeric, hasAtMostDecimalPlaces, isDecimal, userError, type UserError } from '@inventory/platform';
import { CONFIDENCE_SCORE_PLACES as CONFIDENCE_PLACES } from '@inventory/schema/events';
import type { AssetAction } from '../db/approval-requests.ts';
import type { LevelDefinition } from '../db/levels.ts';
import type { PolicyDefinition, PolicyRow, SubjectKind } from '../db/policies.ts';
import { DEFAULT_LEVEL, dueAtFor } from './levels.ts';

/** The facts of a request that policy conditions look at. */
export interface SubjectFacts {
  readonly subjectKind: SubjectKind;
  readonly movementType: string | null;
  readonly action: AssetAction | null;
  readonly value: string | null;
  readonly confidenceScore: string | null;
}

/**
 * Whether every condition of `policy` holds for `facts`. An absent condition
 * holds; a value band or confidence threshold does not hold for a request
 * without a value or score.
 */
export function policyMatches(policy: PolicyRow, facts: SubjectFacts): boolean {
  if (policy.subjectKind !== facts.subjectKind) return false;
  if (policy.movementTypes !== null && (facts.movementType === null || !policy.movementTypes.includes(facts.movementType))) return false;
  if (policy.assetActions !== null && (facts.action === null || !policy.assetActions.includes(facts.action))) return false;
  if (policy.minValue !== null && (facts.value === null || compareDecimals(facts.value, policy.minValue) < 0)) return false;
  if (policy.maxValue !== null && (facts.value === null || compareDecimals(facts.value, policy.maxValue) >= 0)) return false;
  if (policy.confidenceBelow !== null && (facts.confidenceScore === null || compareDecimals(facts.confidenceScore, policy.confidenceBelow) >= 0)) {
    return false;
  }
  return true;
}

/** The policy that governs `facts`: the first match among `policies`, given highest priority first, then oldest. */
export function selectPolicy(policies: readonly PolicyRow[], facts: SubjectFacts): PolicyRow | null {
  return policies.find((policy) => policyMatches(policy, facts)) ?? null;
}

/** The levels and deadlines of a request opened at `now` under `policy` (or under no policy). */
export interface RequestPlan {
  readonly policyId: string | null;
  readonly levels: readonly LevelDefinition[];
  readonly requiredLevels: number;
  readonly dueAt: Date | null;
  readonly expiresAt: Date | null;
}

/** Plans a request: its policy's levels, or one default level when no policy matched. */
export function planRequest(policy: PolicyRow | null, levels: readonly LevelDefinition[], now: Date): RequestPlan {
  if (policy === null || levels.length === 0) {
    return { policyId: null, levels: [], requiredLevels: 1, dueAt: dueAtFor(DEFAULT_LEVEL, now), expiresAt: null };
  }
  return {
    policyId: policy.id,
    levels,
    requiredLevels: levels.length,
    dueAt: dueAtFor(levels[0]!, now),
    expiresAt: policy.expiresAfterHours === null ? null : new Date(now.getTime() + policy.expiresAfterHours * 3_600_000),
  };
}

/** Movement types stock records (its ledger's `type`). */
const MOVEMENT_TYPES = ['INBOUND', 'OUTBOUND', 'TRANSFER', 'ADJUSTMENT', 'RESERVATION', 'RELEASE', 'RETURN'] as const;

const MAX_LEVELS = 10;
const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

/** A level as `ApprovalLevelInput` gives it (roles already in lower case). */
export interface LevelInput {
  readonly approverRole?: 'approver' | 'admin' | null;
  readonly approvers?: readonly string[] | null;
  readonly slaHours?: number | null;
  readonly escalateToRole?: 'approver' | 'admin' | null;
  readonly escalateTo?: readonly string[] | null;
}

/** A policy definition as the create and update inputs give it. */
export interface PolicyInput {
  readonly name: string;
  readonly movementTypes?: readonly string[] | null;
  readonly assetActions?: readonly AssetAction[] | null;
  readonly minValue?: string | null;
  readonly maxValue?: string | null;
  readonly confidenceBelow?: string | null;
  readonly priority?: number | null;
  readonly expiresAfterHours?: number | null;
  readonly levels: readonly LevelInput[];
}

/** Whether `code` is a valid policy code. */
export function refusePolicyCode(code: string): UserError | null {
  return CODE.test(code)
    ? null
    : userError('INVALID_VALUE', 'A policy code is 2 to 64 capitals, digits and underscores, starting with a capital.', ['input', 'code']);
}

const names = (list: readonly string[] | null | undefined) => [...new Set((list ?? []).map((name) => name.trim()))];

/**
 * Checks a policy definition for `subjectKind` and normalises it. Returns
 * the definition and its levels, or every refusal found (each naming its input field).
 */
export function validatePolicy(
  subjectKind: SubjectKind,
  input: PolicyInput,
): { ok: true; definition: PolicyDefinition; levels: LevelDefinition[] } | { ok: false; errors: UserError[] } {
  const errors: UserError[] = [];
  const refuse = (message: string, ...field: string[]) => errors.push(userError('INVALID_VALUE', message, ['input', ...field]));
  const name = input.name.trim();
  if (name === '') refuse('A policy needs a name.', 'name');

  const movementTypes = input.movementTypes ?? null;
  const assetActions = input.assetActions ?? null;
  if (subjectKind === 'ASSET_ACTION' && movementTypes !== null) refuse('Movement types apply to stock movement policies only.', 'movementTypes');
  if (subjectKind === 'ASSET_ACTION' && input.confidenceBelow != null) refuse('A confidence threshold applies to stock movement policies only.', 'confidenceBelow');
  if (subjectKind === 'STOCK_MOVEMENT' && assetActions !== null) refuse('Asset actions apply to asset action policies only.', 'assetActions');
  if (movementTypes !== null) {
    if (movementTypes.length === 0) refuse('Give at least one movement type, or leave the condition out.', 'movementTypes');
    const unknown = movementTypes.filter((type) => !(MOVEMENT_TYPES as readonly string[]).includes(type));
    if (unknown.length > 0) refuse(`Unknown movement types ${unknown.join(', ')}; use ${MOVEMENT_TYPES.join(', ')}.`, 'movementTypes');
  }
  if (assetActions !== null && assetActions.length === 0) refuse('Give at least one asset action, or leave the condition out.', 'assetActions');

  const minValue = input.minValue ?? null;
  const maxValue = input.maxValue ?? null;
  // The band's ends are stored as numeric(20, 6): a value past it would overflow, more places would be rounded.
  if (minValue !== null && !fitsNumeric(minValue, 20, 6)) refuse('A value is at most 14 digits before the decimal point and 6 after it.', 'minValue');
  else if (minValue !== null && compareDecimals(minValue, '0') < 0) refuse('The value band cannot start below zero.', 'minValue');
  if (maxValue !== null && !fitsNumeric(maxValue, 20, 6)) refuse('A value is at most 14 digits before the decimal point and 6 after it.', 'maxValue');
  if (minValue !== null && maxValue !== null && fitsNumeric(minValue, 20, 6) && fitsNumeric(maxValue, 20, 6) && compareDecimals(minValue, maxValue) >= 0) refuse('The value band must end above where it starts.', 'maxValue');
  const confidenceBelow = input.confidenceBelow ?? null;
  if (confidenceBelow !== null && (!hasAtMostDecimalPlaces(confidenceBelow, CONFIDENCE_PLACES) || compareDecimals(confidenceBelow, '0') <= 0 || compareDecimals(confidenceBelow, '1') > 0)) {
    refuse(`A confidence threshold is above 0 and at most 1, with at most ${CONFIDENCE_PLACES} decimal places.`, 'confidenceBelow');
  }
  const expiresAfterHours = input.expiresAfterHours ?? null;
  if (expiresAfterHours !== null && expiresAfterHours <= 0) refuse('Requests can only expire a positive number of hours after they are raised.', 'expiresAfterHours');

  if (input.levels.length === 0 || input.levels.length > MAX_LEVELS) refuse(`A policy has 1 to ${MAX_LEVELS} levels.`, 'levels');
  const levels = input.levels.map((level, index): LevelDefinition => {
    const at = (field: string) => ['levels', String(index), field];
    const approvers = names(level.approvers);
    const escalateTo = names(level.escalateTo);
    const approverRole = level.approverRole ?? null;
    const escalateToRole = level.escalateToRole ?? null;
    const slaHours = level.slaHours ?? null;
    if (approvers.some((person) => person === '') || escalateTo.some((person) => person === '')) refuse('Approver names cannot be blank.', ...at('approvers'));
    if (approverRole === null && approvers.length === 0) refuse(`Level ${index + 1} needs an approver role or named approvers.`, ...at('approverRole'));
    if (slaHours !== null && slaHours <= 0) refuse('An SLA is a positive number of hours.', ...at('slaHours'));
    if ((escalateToRole !== null || escalateTo.length > 0) && slaHours === null) {
      refuse(`Level ${index + 1} escalates, so it needs an SLA saying when.`, ...at('slaHours'));
    }
    return { approverRole, approvers, slaHours, escalateToRole, escalateTo };
  });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    definition: {
      name,
      movementTypes: movementTypes === null ? null : [...new Set(movementTypes)],
      assetActions: assetActions === null ? null : [...new Set(assetActions)],
      minValue,
      maxValue,
      confidenceBelow,
      priority: input.priority ?? 0,
      expiresAfterHours,
    },
    levels,
  };
}
