import { compareDecimals } from '@inventory/platform';

/** Actions on an asset that approval policies may require approval for. */
export type AssetAction = 'ASSIGN' | 'RETURN' | 'MOVE' | 'REPAIR' | 'DISPOSE';

/**
 * What an owner of asset actions (catalog, stock) keeps of an active
 * asset-action policy from `approvals.policy.saved`: which actions, in which
 * value band. Approvals judges requests by the same rule
 * (`policyMatches`); an owner refuses the direct action it covers.
 */
export interface AssetActionPolicy {
  readonly code: string;
  /** Null: every action. */
  readonly assetActions: readonly string[] | null;
  readonly minValue: string | null;
  readonly maxValue: string | null;
}

/**
 * The first of `policies` that covers `action` on an asset worth `value`
 * (its acquisition cost), or null. The rule is approvals' own: a policy
 * without actions covers every action; a value band holds from `minValue`
 * (inclusive) to `maxValue` (exclusive) and never holds for an asset of
 * unknown value.
 */
export function coveringPolicy(policies: readonly AssetActionPolicy[], action: AssetAction, value: string | null): AssetActionPolicy | null {
  return (
    policies.find((policy) => {
      if (policy.assetActions !== null && !policy.assetActions.includes(action)) return false;
      if (policy.minValue !== null && (value === null || compareDecimals(value, policy.minValue) < 0)) return false;
      if (policy.maxValue !== null && (value === null || compareDecimals(value, policy.maxValue) >= 0)) return false;
      return true;
    }) ?? null
  );
}

const VERBS: Record<AssetAction, string> = {
  ASSIGN: 'assign',
  RETURN: 'take back',
  MOVE: 'move',
  REPAIR: 'send to repair',
  DISPOSE: 'dispose of',
};

/** The refusal message for a direct action `policy` covers. */
export function approvalRequiredMessage(policy: AssetActionPolicy, action: AssetAction): string {
  return `Policy ${policy.code} requires approval to ${VERBS[action]} this asset: ask for it with requestAssetAction (action ${action}).`;
}
