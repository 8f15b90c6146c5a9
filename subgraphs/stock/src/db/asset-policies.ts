import type { Queryable } from '@inventory/platform';
import type { AssetActionPolicy } from '@inventory/schema/asset-action-policies';

/**
 * Records an asset-action policy as of outbox event `eventId`
 * (`approvals.policy.saved`); an older event than the one recorded changes
 * nothing, so events may repeat or be caught up out of turn.
 */
export async function savePolicy(tx: Queryable, policy: AssetActionPolicy & { policyId: string; active: boolean; priority: number }, eventId: string): Promise<void> {
  await tx.query(
    'saveApprovalPolicy',
    `INSERT INTO stock.approval_policy AS p (policy_id, code, active, asset_actions, min_value, max_value, priority, event_id)
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
     FROM stock.approval_policy p WHERE p.active ORDER BY p.priority DESC, p.policy_id`,
  );
}

/** Records an asset's value (its acquisition cost) as of outbox event `eventId` (`catalog.asset.saved`); newest event wins. */
export async function saveAssetValue(tx: Queryable, assetId: string, value: string | null, eventId: string): Promise<void> {
  await tx.query(
    'saveAssetValue',
    `INSERT INTO stock.asset_value AS a (asset_id, acquisition_cost, event_id) VALUES ($1, $2, $3)
     ON CONFLICT (asset_id) DO UPDATE SET acquisition_cost = excluded.acquisition_cost, event_id = excluded.event_id
     WHERE a.event_id < excluded.event_id`,
    [assetId, value, eventId],
  );
}

/** Asset `assetId`'s value as stock last heard it; null when unknown. */
export async function findAssetValue(db: Queryable, assetId: string): Promise<string | null> {
  const [row] = await db.query<{ value: string | null }>(
    'findAssetValue',
    `SELECT a.acquisition_cost::text AS value FROM stock.asset_value a WHERE a.asset_id = $1`,
    [assetId],
  );
  return row?.value ?? null;
}
