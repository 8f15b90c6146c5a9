import { refused, runCommand, userError, type Actor, type CommandResult, type TransactionalDb } from '@inventory/platform';
import type { ApprovalRequestRow } from '../db/approval-requests.ts';
import { findAssetValue } from '../db/catalog-assets.ts';
import { assetActionTitle, buildActionInput, type AssetActionInput } from '../domain/asset-actions.ts';
import { catchUpOnAsset } from '../events/consumed.ts';
import { openRequest } from './open-request.ts';

/**
 * Opens a request for an action on an asset under the asset-action policy
 * that matches it, judged on the asset's own value (its acquisition cost in
 * catalog, as approvals' copy holds it after applying every change catalog
 * has committed), never on a value the requester names. At most one open
 * request per asset and action: the database's unique index refuses a
 * second one, even from a concurrent call.
 */
export async function requestAssetAction(
  db: TransactionalDb,
  actor: Actor,
  input: AssetActionInput,
  now = new Date(),
): Promise<CommandResult<ApprovalRequestRow>> {
  const built = buildActionInput(input);
  if (!built.ok) return refused(built.errors);
  return runCommand(
    db,
    async (tx) => {
      await catchUpOnAsset(tx, input.assetId);
      const value = await findAssetValue(tx, input.assetId);
      const row = await openRequest(
        tx,
        actor,
        { subjectKind: 'ASSET_ACTION', movementType: null, action: input.action, value, confidenceScore: null },
        {
          kind: 'ASSET_ACTION',
          assetId: input.assetId,
          movementId: null,
          action: input.action,
          actionInput: built.actionInput,
          title: assetActionTitle(input),
          reason: input.reason?.trim() || null,
          value,
          confidenceScore: null,
          triggers: [],
          requestedBy: actor.caller.subject,
        },
        now,
      );
      if (row === null) throw new Error('an asset request cannot collide on a movement');
      return row;
    },
    {
      approval_request_asset_id_fkey: userError('NOT_FOUND', `No asset has id ${input.assetId}.`, ['input', 'assetId']),
      approval_request_open_asset_action_key: userError(
        'DUPLICATE',
        `Asset ${input.assetId} already has an open ${input.action} request; decide or cancel it first.`,
        ['input', 'action'],
      ),
    },
  );
}
