import { OutboxConsumer, Refusal, recordAudit, refuse, type Actor, type Database, type Logger, type OutboxEvent, type Queryable } from '@inventory/platform';
import { assignAssetIn, changeAssetStatusIn, returnAssetIn } from '../commands/assets.ts';
import { createSavepoint, rollbackToSavepoint } from '../db/savepoints.ts';

/** The topic catalog consumes (schema/events.md). */
export const APPROVAL_DECIDED = 'approvals.request.decided';

/** The asset actions catalog applies once approved; `MOVE` belongs to stock. */
const CATALOG_ACTIONS = ['ASSIGN', 'RETURN', 'REPAIR', 'DISPOSE'] as const;
type CatalogAction = (typeof CATALOG_ACTIONS)[number];

/** The fields of `approvals.request.decided` catalog reads; others are ignored. */
export interface ApprovalDecidedPayload {
  readonly requestId: string;
  readonly kind: string;
  readonly outcome: string;
  readonly assetId: string | null;
  readonly action: string | null;
  readonly actionInput: Record<string, unknown> | null;
  readonly decidedBy: string | null;
  readonly comment: string | null;
}

const ASSIGNEE_TYPES = ['PERSON', 'DEPARTMENT', 'SYSTEM'] as const;
const ID = /^[1-9]\d{0,17}$/;
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

async function applyAction(tx: Queryable, actor: Actor, action: CatalogAction, assetId: string, input: Record<string, unknown>, comment: string | null) {
  const note = text(input.note) ?? comment;
  switch (action) {
    case 'ASSIGN': {
      const assigneeType = ASSIGNEE_TYPES.find((type) => type === input.assigneeType);
      const assigneeId = text(input.assigneeId);
      if (!assigneeType || !assigneeId) {
        refuse('INVALID_VALUE', 'The approved ASSIGN names no valid assigneeType and assigneeId.', ['actionInput']);
      }
      return assignAssetIn(tx, actor, { assetId, assigneeType, assigneeId, assigneeName: text(input.assigneeName), note });
    }
    case 'RETURN':
      return returnAssetIn(tx, actor, { assetId, note });
    case 'REPAIR':
      return changeAssetStatusIn(tx, actor, { id: assetId, status: 'MAINTENANCE', note });
    case 'DISPOSE':
      return changeAssetStatusIn(tx, actor, { id: assetId, status: 'SCRAPPED', note });
  }
}

/**
 * Applies one `approvals.request.decided` event inside `tx`: an approved
 * asset action ASSIGN, RETURN, REPAIR or DISPOSE is carried out like the
 * matching mutation, audited with the decider as actor and the request id
 * of the decision. Every other event is ignored. An action the asset's
 * state no longer allows (it was scrapped meanwhile) is not retried: the
 * refusal is written to the asset's timeline instead.
 */
export async function applyApprovalDecision(tx: Queryable, event: OutboxEvent): Promise<void> {
  const payload = event.payload as ApprovalDecidedPayload;
  const action = CATALOG_ACTIONS.find((candidate) => candidate === payload.action);
  if (payload.kind !== 'ASSET_ACTION' || payload.outcome !== 'APPROVED' || !action) return;
  const assetId = String(payload.assetId ?? '');
  const actor: Actor = {
    caller: { subject: payload.decidedBy ?? 'approvals', roles: ['approver'] },
    requestId: event.requestId ?? `outbox-event-${event.id}`,
  };
  const entityId = ID.test(assetId) ? assetId : 'unknown';
  await createSavepoint(tx, 'approved_asset_action');
  try {
    if (entityId === 'unknown') refuse('NOT_FOUND', `"${assetId}" is not an asset id.`, ['assetId']);
    await applyAction(tx, actor, action, assetId, payload.actionInput ?? {}, text(payload.comment));
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    await rollbackToSavepoint(tx, 'approved_asset_action');
    await recordAudit(tx, 'catalog', {
      action: 'asset.approved_action_refused',
      entityType: 'asset',
      entityId,
      before: null,
      after: { approvalRequestId: payload.requestId, action, actionInput: payload.actionInput, userErrors: error.userErrors },
      caller: actor.caller,
      requestId: actor.requestId,
    });
  }
}

/**
 * The catalog's outbox consumers. `start()` runs them inside the server;
 * tests build their own and call `drain()` to apply waiting events now.
 */
export function createConsumers(db: Database, logger: Logger): OutboxConsumer[] {
  return [new OutboxConsumer({ db, schema: 'catalog', topics: [APPROVAL_DECIDED], handle: applyApprovalDecision, logger })];
}
