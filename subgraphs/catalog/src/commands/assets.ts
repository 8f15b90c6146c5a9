import { refuse, refuseIf, runCommand, userError, type Actor, type CommandResult, type Queryable, type TransactionalDb, type Violations } from '@inventory/platform';
import { listActivePolicies } from '../db/approval-policies.ts';
import { findAssetModelsByIds } from '../db/asset-models.ts';
import { insertAsset, lockAsset, updateAsset, type AssetRow, type AssetValues } from '../db/assets.ts';
import { closeOpenAssignment, findOpenAssignmentsOfAssets, insertAssignment, type AssetAssignmentRow } from '../db/assignments.ts';
import { auditView, recordCatalogAudit } from '../db/audit.ts';
import { findPartNumbersByIds } from '../db/part-numbers.ts';
import { approvalRequiredMessage, coveringPolicy, type AssetAction } from '@inventory/schema/asset-action-policies';
import { INITIAL_ASSET_STATUSES, canTransition, transitionRefusal, type AssetCondition, type AssetStatus } from '../domain/asset-status.ts';
import { patched } from '../domain/patch.ts';
import { checkAsset, cleanText } from '../domain/rules.ts';
import { catchUpOnPolicies } from '../events/consumed.ts';
import { publishAssetSaved } from '../events/published.ts';

export interface CreateAssetInput {
  readonly partNumberId: string;
  readonly serialNumber: string;
  readonly batchNumber?: string | null;
  readonly modelId?: string | null;
  readonly status?: AssetStatus | null;
  readonly condition?: AssetCondition | null;
  readonly acquiredOn?: string | null;
  readonly acquisitionCost?: string | null;
  readonly warrantyExpiresOn?: string | null;
  readonly lastMaintenanceOn?: string | null;
  readonly nextMaintenanceOn?: string | null;
  readonly project?: string | null;
  readonly notes?: string | null;
  readonly metadata?: unknown;
}

export type UpdateAssetInput = { readonly [Key in Exclude<keyof CreateAssetInput, 'partNumberId' | 'status'>]?: CreateAssetInput[Key] | null } & {
  readonly id: string;
};

export interface AssignAssetInput {
  readonly assetId: string;
  readonly assigneeType: 'PERSON' | 'DEPARTMENT' | 'SYSTEM';
  readonly assigneeId: string;
  readonly assigneeName?: string | null;
  readonly note?: string | null;
}

export interface ReturnAssetInput {
  readonly assetId: string;
  readonly condition?: AssetCondition | null;
  readonly note?: string | null;
}

const VIOLATIONS: Violations = {
  asset_serial_number_key: userError('DUPLICATE', 'Another asset already has this serial number.', ['input', 'serialNumber']),
};

/** Audits an asset change (the asset's catalog timeline) and publishes its new state. */
async function saved(
  tx: Queryable,
  actor: Actor,
  action: string,
  before: object | null,
  row: AssetRow,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await recordCatalogAudit(tx, actor, {
    action,
    entityType: 'Asset',
    entityId: row.id,
    before,
    after: { ...auditView(row), ...extra },
  });
  await publishAssetSaved(tx, row, actor.requestId);
}

async function checkModel(tx: Queryable, modelId: string | null): Promise<void> {
  if (modelId === null) return;
  const [model] = await findAssetModelsByIds(tx, [modelId]);
  if (!model) refuse('NOT_FOUND', `No asset model has the id ${modelId}.`, ['input', 'modelId']);
  if (!model.active) refuse('INVALID_VALUE', `Asset model ${model.manufacturer} ${model.model} is inactive.`, ['input', 'modelId']);
}

/** Registers an asset of a serialized, active part number; audited and published as `catalog.asset.saved`. */
export function createAsset(db: TransactionalDb, actor: Actor, input: CreateAssetInput): Promise<CommandResult<AssetRow>> {
  const values: AssetValues = {
    serialNumber: input.serialNumber.trim(),
    batchNumber: cleanText(input.batchNumber),
    partNumberId: input.partNumberId,
    modelId: input.modelId ?? null,
    status: input.status ?? 'AVAILABLE',
    condition: input.condition ?? 'NEW',
    acquiredOn: input.acquiredOn ?? null,
    acquisitionCost: input.acquisitionCost ?? null,
    warrantyExpiresOn: input.warrantyExpiresOn ?? null,
    lastMaintenanceOn: input.lastMaintenanceOn ?? null,
    nextMaintenanceOn: input.nextMaintenanceOn ?? null,
    project: cleanText(input.project),
    notes: cleanText(input.notes),
    metadata: input.metadata ?? {},
  };
  return runCommand(
    db,
    async (tx) => {
      const [part] = await findPartNumbersByIds(tx, [values.partNumberId]);
      if (!part) refuse('NOT_FOUND', `No part number has the id ${values.partNumberId}.`, ['input', 'partNumberId']);
      const errors = checkAsset(values);
      if (!part.serialized) errors.unshift(userError('INVALID_VALUE', `Part number ${part.code} is not serialized; its units are not tracked as assets.`, ['input', 'partNumberId']));
      else if (!part.active) errors.unshift(userError('INVALID_VALUE', `Part number ${part.code} is inactive.`, ['input', 'partNumberId']));
      if (!INITIAL_ASSET_STATUSES.includes(values.status)) {
        errors.push(userError('INVALID_VALUE', `A new asset starts in one of ${INITIAL_ASSET_STATUSES.join(', ')}.`, ['input', 'status']));
      }
      refuseIf(errors);
      await checkModel(tx, values.modelId);
      const row = await insertAsset(tx, values, actor.caller.subject);
      await saved(tx, actor, 'asset.created', null, row);
      return row;
    },
    VIOLATIONS,
  );
}

/** Changes an asset's data (not its status), audited and published. */
export function updateAssetFields(db: TransactionalDb, actor: Actor, input: UpdateAssetInput): Promise<CommandResult<AssetRow>> {
  return runCommand(
    db,
    async (tx) => {
      const current = await lockAsset(tx, input.id);
      if (!current) refuse('NOT_FOUND', `No asset has the id ${input.id}.`, ['input', 'id']);
      const text = (value: string) => cleanText(value);
      const date = (value: string) => value;
      const values: AssetValues = {
        ...current,
        serialNumber: patched(input, 'serialNumber', current.serialNumber, (value) => value.trim(), { nullable: false }),
        batchNumber: patched(input, 'batchNumber', current.batchNumber, text, { nullable: true }),
        modelId: patched(input, 'modelId', current.modelId, String, { nullable: true }),
        condition: patched(input, 'condition', current.condition, (value) => value, { nullable: false }),
        acquiredOn: patched(input, 'acquiredOn', current.acquiredOn, date, { nullable: true }),
        acquisitionCost: patched(input, 'acquisitionCost', current.acquisitionCost, String, { nullable: true }),
        warrantyExpiresOn: patched(input, 'warrantyExpiresOn', current.warrantyExpiresOn, date, { nullable: true }),
        lastMaintenanceOn: patched(input, 'lastMaintenanceOn', current.lastMaintenanceOn, date, { nullable: true }),
        nextMaintenanceOn: patched(input, 'nextMaintenanceOn', current.nextMaintenanceOn, date, { nullable: true }),
        project: patched(input, 'project', current.project, text, { nullable: true }),
        notes: patched(input, 'notes', current.notes, text, { nullable: true }),
        metadata: patched(input, 'metadata', current.metadata, (value) => value as unknown, { nullable: false }),
      };
      refuseIf(checkAsset(values));
      if (values.modelId !== current.modelId) await checkModel(tx, values.modelId);
      const row = await updateAsset(tx, current.id, values, actor.caller.subject);
      await saved(tx, actor, 'asset.updated', auditView(current), row);
      return row;
    },
    VIOLATIONS,
  );
}

async function lockOrRefuse(tx: Queryable, id: string, field: string): Promise<AssetRow> {
  const current = await lockAsset(tx, id);
  if (!current) refuse('NOT_FOUND', `No asset has the id ${id}.`, ['input', field]);
  return current;
}

async function openAssignment(tx: Queryable, assetId: string): Promise<AssetAssignmentRow | null> {
  const [open] = await findOpenAssignmentsOfAssets(tx, [assetId]);
  return open ?? null;
}

/**
 * Moves an asset to `status` along the transition table, inside `tx`.
 * Leaving `IN_USE` ends the open assignment. Throws a `Refusal`
 * (`INVALID_TRANSITION`) before writing anything when the table forbids it.
 */
export async function changeAssetStatusIn(
  tx: Queryable,
  actor: Actor,
  input: { id: string; status: AssetStatus; note?: string | null },
): Promise<AssetRow> {
  const current = await lockOrRefuse(tx, input.id, 'id');
  if (!canTransition(current.status, input.status)) {
    refuse('INVALID_TRANSITION', transitionRefusal(current.status, input.status), ['input', 'status']);
  }
  const note = cleanText(input.note);
  const ended = input.status === 'IN_USE' ? null : await closeOpenAssignment(tx, current.id, note ?? `Status changed to ${input.status}.`, actor.caller.subject);
  const row = await updateAsset(tx, current.id, { ...current, status: input.status }, actor.caller.subject);
  await saved(tx, actor, 'asset.status_changed', auditView(current), row, { note, endedAssignment: ended });
  return row;
}

/** Hands an asset to an assignee inside `tx`; it becomes `IN_USE`. Throws a `Refusal` before writing when it cannot. */
export async function assignAssetIn(tx: Queryable, actor: Actor, input: AssignAssetInput): Promise<AssetRow> {
  const current = await lockOrRefuse(tx, input.assetId, 'assetId');
  const assigneeId = cleanText(input.assigneeId);
  if (assigneeId === null) refuse('INVALID_VALUE', 'The assignee id must not be empty.', ['input', 'assigneeId']);
  const open = await openAssignment(tx, current.id);
  if (open) {
    refuse('INVALID_TRANSITION', `The asset is already assigned to ${open.assigneeName ?? open.assigneeId}; return it first.`, ['input', 'assetId']);
  }
  if (current.status !== 'IN_USE' && !canTransition(current.status, 'IN_USE')) {
    refuse('INVALID_TRANSITION', transitionRefusal(current.status, 'IN_USE'), ['input', 'assetId']);
  }
  const assignment = await insertAssignment(
    tx,
    current.id,
    { assigneeType: input.assigneeType, assigneeId, assigneeName: cleanText(input.assigneeName), note: cleanText(input.note) },
    actor.caller.subject,
  );
  const row = await updateAsset(tx, current.id, { ...current, status: 'IN_USE' }, actor.caller.subject);
  await saved(tx, actor, 'asset.assigned', auditView(current), row, { assignment });
  return row;
}

/** Takes an assigned asset back inside `tx`: the assignment closes and the asset becomes `AVAILABLE`. */
export async function returnAssetIn(tx: Queryable, actor: Actor, input: ReturnAssetInput): Promise<AssetRow> {
  const current = await lockOrRefuse(tx, input.assetId, 'assetId');
  if (!(await openAssignment(tx, current.id))) {
    refuse('INVALID_TRANSITION', 'The asset is not assigned to anyone, so it cannot be returned.', ['input', 'assetId']);
  }
  const assignment = await closeOpenAssignment(tx, current.id, cleanText(input.note), actor.caller.subject);
  const status: AssetStatus = current.status === 'IN_USE' ? 'AVAILABLE' : current.status;
  const row = await updateAsset(tx, current.id, { ...current, status, condition: input.condition ?? current.condition }, actor.caller.subject);
  await saved(tx, actor, 'asset.returned', auditView(current), row, { assignment });
  return row;
}

/** The approval action a status change amounts to, if any. */
const ACTION_OF_STATUS: Partial<Record<AssetStatus, AssetAction>> = { MAINTENANCE: 'REPAIR', SCRAPPED: 'DISPOSE' };

/**
 * Refuses, with `APPROVAL_REQUIRED`, a direct `action` on asset `assetId`
 * that an active approval policy covers, judged on the asset's own
 * acquisition cost: such an action happens only through an approved
 * request. Catalog's copy of the policies is first brought up to every
 * policy approvals has committed, so a policy saved a moment ago binds.
 * Locks the asset, so its value cannot change before the action is done.
 */
async function refuseWhenApprovalRequired(
  tx: Queryable,
  assetId: string,
  action: AssetAction,
  field: readonly string[],
  possible: (asset: AssetRow) => boolean = () => true,
): Promise<void> {
  await catchUpOnPolicies(tx);
  const asset = await lockAsset(tx, assetId);
  // A missing asset or a change its state forbids gets its own refusal from the action itself.
  if (!asset || !possible(asset)) return;
  const policy = coveringPolicy(await listActivePolicies(tx), action, asset.acquisitionCost);
  if (policy) refuse('APPROVAL_REQUIRED', approvalRequiredMessage(policy, action), field);
}

/** `changeAssetStatusIn` in a transaction of its own, refusals as `userErrors`; a status change an approval policy covers is refused. */
export function changeAssetStatus(db: TransactionalDb, actor: Actor, input: { id: string; status: AssetStatus; note?: string | null }) {
  return runCommand(db, async (tx) => {
    const action = ACTION_OF_STATUS[input.status];
    if (action) await refuseWhenApprovalRequired(tx, input.id, action, ['input', 'status'], (asset) => canTransition(asset.status, input.status));
    return changeAssetStatusIn(tx, actor, input);
  });
}

/** `assignAssetIn` in a transaction of its own, refusals as `userErrors`; refused when an approval policy covers it. */
export function assignAsset(db: TransactionalDb, actor: Actor, input: AssignAssetInput) {
  return runCommand(db, async (tx) => {
    await refuseWhenApprovalRequired(tx, input.assetId, 'ASSIGN', ['input', 'assetId']);
    return assignAssetIn(tx, actor, input);
  });
}

/** `returnAssetIn` in a transaction of its own, refusals as `userErrors`; refused when an approval policy covers it. */
export function returnAsset(db: TransactionalDb, actor: Actor, input: ReturnAssetInput) {
  return runCommand(db, async (tx) => {
    await refuseWhenApprovalRequired(tx, input.assetId, 'RETURN', ['input', 'assetId']);
    return returnAssetIn(tx, actor, input);
  });
}
