import { refuse, type Queryable } from '@inventory/platform';
import { approvalRequiredMessage, coveringPolicy } from '@inventory/schema/asset-action-policies';
import { findAssetValue, listActivePolicies } from '../db/asset-policies.ts';
import { catchUpOnAssetPolicies } from '../events/asset-policies.ts';

/**
 * Refuses, with `APPROVAL_REQUIRED` on `input.assetId`, a direct move of
 * asset `assetId` (a TRANSFER naming it) that an active asset-action policy
 * covers for `MOVE`, judged on the asset's own value: such a move happens
 * only through an approved request (which stock records itself). The
 * copies are first brought up to every committed policy and revaluation.
 */
export async function refuseDirectMoveWhenApprovalRequired(tx: Queryable, assetId: string): Promise<void> {
  await catchUpOnAssetPolicies(tx, assetId);
  const policy = coveringPolicy(await listActivePolicies(tx), 'MOVE', await findAssetValue(tx, assetId));
  if (policy) refuse('APPROVAL_REQUIRED', approvalRequiredMessage(policy, 'MOVE'), ['input', 'assetId']);
}
