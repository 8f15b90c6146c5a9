import type { Queryable } from '@inventory/platform';
import type { AssetActionPolicy } from '@inventory/schema/asset-action-policies';

/** An asset-action policy as `approvals.policy.saved` event `eventId` describes it. */
export interface SavedPolicy extends AssetActionPolicy {
  readonly policyId: string;
  readonly active: boolean;
  readonly priority: number;
}

/**
 * Records an asset-action policy as of outbox event `eventId`; an event
 * older than the one already recorded changes nothing, so events may
 * repeat or be caught up out of turn.
 */
export async function savePolicy(tx: Queryable, policy: SavedPolicy, eventId: string): Promise<void> {
  await tx.query(
    'saveApprovalPolicy',
    `INSERT INTO catalog.approval_policy AS p (policy_id, code, active, asset_actions, min_value, max_value, priority, event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (policy_id) DO UPDATE SET code = excluded.code, active = excluded.active, asset_actions = excluded.asset_actions,
       min_value = excluded.min_value, max_value = excluded.max_value, priority = excluded.priority, event_id = excluded.event_id
     WHERE p.event_id < excluded.event_id`,
    [policy.policyId, policy.code, policy.active, policy.assetActions, policy.minValue, policy.maxValue, policy.priority, eventId],
  );
}

/** The active asset-action policies in the order approvals tries them: highest priority, then oldest. */
export function listActivePolicies(db: Queryable): Promise<AssetActionPolicy[]> {
  return db.query(
    'listActiveApprovalPolicies',
    `SELECT p.code, p.asset_actions AS "assetActions", p.min_value::text AS "minValue", p.max_value::text AS "maxValue"
     FROM catalog.approval_policy p WHERE p.active ORDER BY p.priority DESC, p.policy_id`,
  );
}
