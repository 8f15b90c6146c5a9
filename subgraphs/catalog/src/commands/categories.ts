import { refuse, refuseIf, runCommand, userError, type Actor, type CommandResult, type Queryable, type TransactionalDb, type Violations } from '@inventory/platform';
import {
  activateSpecVersion,
  insertAssetCategory,
  insertSpecVersion,
  lockAssetCategory,
  lockSpecVersion,
  retireActiveSpecVersion,
  updateAssetCategory,
  updateSpecVersionFields,
  type AssetCategoryRow,
  type SpecVersionRow,
} from '../db/categories.ts';
import { recordCatalogAudit, type AuditEntityType } from '../db/audit.ts';
import { patched } from '../domain/patch.ts';
import { checkAssetCategory, cleanText } from '../domain/rules.ts';
import { normalizeSpecFields, type SpecField, type SpecFieldInput } from '../domain/spec.ts';

export interface CreateAssetCategoryInput {
  readonly code: string;
  readonly name: string;
  readonly description?: string | null;
}

export interface UpdateAssetCategoryInput {
  readonly id: string;
  readonly name?: string | null;
  readonly description?: string | null;
  readonly active?: boolean | null;
}

const CATEGORY_VIOLATIONS: Violations = {
  asset_category_code_key: userError('DUPLICATE', 'Another asset category already has this code.', ['input', 'code']),
};

async function audit(tx: Queryable, actor: Actor, action: string, entityType: AuditEntityType, entityId: string, before: unknown, after: unknown) {
  await recordCatalogAudit(tx, actor, { action, entityType, entityId, before, after });
}

/** Field definitions as stored, or a refusal naming each wrong part under `input.fields`. */
function fieldsOrRefuse(inputs: readonly SpecFieldInput[]): SpecField[] {
  const { fields, problems } = normalizeSpecFields(inputs);
  refuseIf(problems.map((problem) => userError('INVALID_VALUE', problem.message, ['input', 'fields', ...problem.path])));
  return fields;
}

/** Creates an asset category, audited. */
export function createAssetCategory(db: TransactionalDb, actor: Actor, input: CreateAssetCategoryInput): Promise<CommandResult<AssetCategoryRow>> {
  const draft = { code: input.code.trim(), name: cleanText(input.name), description: cleanText(input.description) };
  return runCommand(
    db,
    async (tx) => {
      refuseIf(checkAssetCategory(draft));
      const row = await insertAssetCategory(tx, { ...draft, name: draft.name! }, actor.caller.subject);
      await audit(tx, actor, 'asset_category.created', 'AssetCategory', row.id, null, row);
      return row;
    },
    CATEGORY_VIOLATIONS,
  );
}

/** Changes a category's name, description or active flag, audited. */
export function updateAssetCategoryFields(db: TransactionalDb, actor: Actor, input: UpdateAssetCategoryInput): Promise<CommandResult<AssetCategoryRow>> {
  return runCommand(db, async (tx) => {
    const current = await lockAssetCategory(tx, input.id);
    if (!current) refuse('NOT_FOUND', `No asset category has the id ${input.id}.`, ['input', 'id']);
    const draft = {
      code: current.code,
      name: patched(input, 'name', current.name as string | null, (value) => cleanText(value), { nullable: false }),
      description: patched(input, 'description', current.description, (value) => cleanText(value), { nullable: true }),
      active: patched(input, 'active', current.active, Boolean, { nullable: false }),
    };
    refuseIf(checkAssetCategory(draft));
    const row = await updateAssetCategory(tx, current.id, { ...draft, name: draft.name! }, actor.caller.subject);
    await audit(tx, actor, current.active && !row.active ? 'asset_category.deactivated' : 'asset_category.updated', 'AssetCategory', row.id, current, row);
    return row;
  });
}

/** Adds a draft specification version to a category, numbered after its latest, audited. */
export function createSpecVersion(
  db: TransactionalDb,
  actor: Actor,
  input: { categoryId: string; fields: readonly SpecFieldInput[] },
): Promise<CommandResult<SpecVersionRow>> {
  return runCommand(db, async (tx) => {
    const category = await lockAssetCategory(tx, input.categoryId);
    if (!category) refuse('NOT_FOUND', `No asset category has the id ${input.categoryId}.`, ['input', 'categoryId']);
    const fields = fieldsOrRefuse(input.fields);
    const row = await insertSpecVersion(tx, category.id, fields, actor.caller.subject);
    await audit(tx, actor, 'spec_version.created', 'SpecVersion', row.id, null, row);
    return row;
  });
}

/** Replaces a draft's field definitions, audited; a published version is frozen (`INVALID_TRANSITION`). */
export function updateSpecVersion(
  db: TransactionalDb,
  actor: Actor,
  input: { id: string; fields: readonly SpecFieldInput[] },
): Promise<CommandResult<SpecVersionRow>> {
  return runCommand(db, async (tx) => {
    const current = await lockSpecVersion(tx, input.id);
    if (!current) refuse('NOT_FOUND', `No specification version has the id ${input.id}.`, ['input', 'id']);
    if (current.status !== 'DRAFT') {
      refuse('INVALID_TRANSITION', `Version ${current.version} is ${current.status}; only a draft can change. Create a new version instead.`, ['input', 'id']);
    }
    const fields = fieldsOrRefuse(input.fields);
    const row = await updateSpecVersionFields(tx, current.id, fields, actor.caller.subject);
    await audit(tx, actor, 'spec_version.updated', 'SpecVersion', row.id, current, row);
    return row;
  });
}

/** Publishes a draft: it becomes the category's active version and the previous active one is retired. Audited. */
export function publishSpecVersion(db: TransactionalDb, actor: Actor, id: string): Promise<CommandResult<SpecVersionRow>> {
  return runCommand(db, async (tx) => {
    const draft = await lockSpecVersion(tx, id);
    if (!draft) refuse('NOT_FOUND', `No specification version has the id ${id}.`, ['input', 'id']);
    await lockAssetCategory(tx, draft.categoryId);
    if (draft.status !== 'DRAFT') {
      refuse('INVALID_TRANSITION', `Version ${draft.version} is already ${draft.status}; only a draft can be published.`, ['input', 'id']);
    }
    const retired = await retireActiveSpecVersion(tx, draft.categoryId, actor.caller.subject);
    if (retired) await audit(tx, actor, 'spec_version.retired', 'SpecVersion', retired.id, { status: 'ACTIVE' }, retired);
    const row = await activateSpecVersion(tx, draft.id, actor.caller.subject);
    await audit(tx, actor, 'spec_version.published', 'SpecVersion', row.id, draft, row);
    return row;
  });
}
