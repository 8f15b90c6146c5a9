import { sqlState, userError, violatedConstraint, type Database } from '@inventory/platform';
import { assetActionTitle, buildActionInput, type AssetActionInput } from '../domain/asset-actions.ts';
import type { Actor } from './audit.ts';
import type { Result } from './decide.ts';
import { openRequest } from './open-request.ts';

/**
 * Opens a request for an action on an asset under the asset-action policy
 * that matches it. At most one open request per asset and action.
 */
export async function requestAssetAction(db: Database, actor: Actor, input: AssetActionInput & { value: string | null }, now = new Date()): Promise<Result> {
  const built = buildActionInput(input);
  if (!built.ok) return { request: null, userErrors: built.errors };
  try {
    return await db.transaction(async (tx) => {
      const row = await openRequest(
        tx,
        actor,
        { subjectKind: 'ASSET_ACTION', movementType: null, action: input.action, value: input.value, confidenceScore: null },
        {
          kind: 'ASSET_ACTION',
          assetId: input.assetId,
          movementId: null,
          action: input.action,
          actionInput: built.actionInput,
          title: assetActionTitle(input),
          reason: input.reason?.trim() || null,
          value: input.value,
          confidenceScore: null,
          triggers: [],
          requestedBy: actor.caller.subject,
        },
        now,
      );
      if (row === null) throw new Error('an asset request cannot collide on a movement');
      return { request: row, userErrors: [] as const };
    });
  } catch (error) {
    if (sqlState(error) === '23503' && violatedConstraint(error) === 'approval_request_asset_id_fkey') {
      return { request: null, userErrors: [userError('NOT_FOUND', `No asset has id ${input.assetId}.`, ['input', 'assetId'])] };
    }
    if (sqlState(error) === '23505' && violatedConstraint(error) === 'approval_request_open_asset_action_key') {
      return {
        request: null,
        userErrors: [userError('DUPLICATE', `Asset ${input.assetId} already has an open ${input.action} request; decide or cancel it first.`, ['input', 'action'])],
      };
    }
    throw error;
  }
}
