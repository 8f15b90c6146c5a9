import {
  OutboxConsumer,
  Refusal,
  isDatabaseId,
  refuse,
  requestIdOfEvent,
  withSavepoint,
  type Actor,
  type Database,
  type Logger,
  type OutboxEvent,
  type Queryable,
} from '@inventory/platform';
import { catchUp, subscribe, type EventPayload } from '@inventory/schema/events';
import { assignAssetIn, changeAssetStatusIn, returnAssetIn } from '../commands/assets.ts';
import { recordCatalogAudit } from '../db/audit.ts';
import { savePolicy } from '../db/approval-policies.ts';
import { saveHolding } from '../db/part-number-holdings.ts';

/** The asset actions catalog applies once approved; `MOVE` belongs to stock. */
const CATALOG_ACTIONS = ['ASSIGN', 'RETURN', 'REPAIR', 'DISPOSE'] as const;
type CatalogAction = (typeof CATALOG_ACTIONS)[number];

const ASSIGNEE_TYPES = ['PERSON', 'DEPARTMENT', 'SYSTEM'] as const;
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/**
 * Carries out one approved action like the matching mutation. `actionInput`
 * is free-form JSON in the event contract (its shape depends on the
 * action), so the ASSIGN arguments are checked here.
 */
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
async function applyApprovalDecision(tx: Queryable, payload: EventPayload<'approvals.request.decided'>, event: OutboxEvent): Promise<void> {
  const action = CATALOG_ACTIONS.find((candidate) => candidate === payload.action);
  if (payload.kind !== 'ASSET_ACTION' || payload.outcome !== 'APPROVED' || !action) return;
  const { assetId } = payload;
  const actor: Actor = { caller: { subject: payload.decidedBy, roles: ['approver'] }, requestId: requestIdOfEvent(event) };
  try {
    await withSavepoint(tx, async () => {
      if (!isDatabaseId(assetId)) refuse('NOT_FOUND', `"${assetId ?? ''}" is not an asset id.`, ['assetId']);
      await applyAction(tx, actor, action, assetId, payload.actionInput ?? {}, text(payload.comment));
    });
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    await recordCatalogAudit(tx, actor, {
      action: 'asset.approved_action_refused',
      entityType: 'Asset',
      entityId: isDatabaseId(assetId) ? assetId : 'unknown',
      before: null,
      after: { approvalRequestId: payload.requestId, action, actionInput: payload.actionInput, userErrors: error.userErrors },
    });
  }
}

/** Applies one `stock.part_number.holding_changed` event to catalog's copy; the newest event wins. */
async function applyHoldingChanged(tx: Queryable, payload: EventPayload<'stock.part_number.holding_changed'>, event: OutboxEvent): Promise<void> {
  await saveHolding(tx, payload.partNumberId, payload.holdsStock, event.id);
}

/**
 * Brings catalog's copy of whether `partNumberId` holds stock up to every
 * event stock has committed, inside `tx`: the consumer may not have
 * applied a receipt posted a moment ago.
 */
export function catchUpOnHolding(tx: Queryable, partNumberId: string): Promise<number> {
  return catchUp(tx, 'catalog', 'stock.part_number.holding_changed', applyHoldingChanged, { field: 'partNumberId', value: partNumberId });
}

/** Applies one `approvals.policy.saved` event to catalog's copy of the asset-action policies; the newest event wins. */
async function applyPolicySaved(tx: Queryable, payload: EventPayload<'approvals.policy.saved'>, event: OutboxEvent): Promise<void> {
  if (payload.subjectKind !== 'ASSET_ACTION') return;
  await savePolicy(tx, { ...payload, assetActions: payload.assetActions }, event.id);
}

/**
 * Brings catalog's copy of the asset-action policies up to every policy
 * approvals has committed, inside `tx`, so a policy saved a moment ago
 * already binds the action about to be judged.
 */
export function catchUpOnPolicies(tx: Queryable): Promise<number> {
  return catchUp(tx, 'catalog', 'approvals.policy.saved', applyPolicySaved);
}

/**
 * The catalog's outbox consumers. `start()` runs them inside the server;
 * tests build their own and call `drain()` to apply waiting events now. An
 * event whose payload breaks its contract can never be applied: it is
 * logged and skipped.
 */
export function createConsumers(db: Database, logger: Logger): OutboxConsumer[] {
  const { topics, handle } = subscribe(
    {
      'approvals.request.decided': applyApprovalDecision,
      'approvals.policy.saved': applyPolicySaved,
      'stock.part_number.holding_changed': applyHoldingChanged,
    },
    (event, error) =>
    logger.error('skipped an event whose payload breaks its contract', { eventId: event.id, topic: event.topic, error: error.message }),
  );
  return [new OutboxConsumer({ db, schema: 'catalog', topics, handle, logger })];
}
