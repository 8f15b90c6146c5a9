import { refuse, refuseIf, runCommand, userError, type Actor, type CommandResult, type Queryable, type TransactionalDb, type Violations } from '@inventory/platform';
import { insertAssetModel, lockAssetModel, updateAssetModel, type AssetModelRow, type AssetModelValues } from '../db/asset-models.ts';
import { auditView, recordCatalogAudit } from '../db/audit.ts';
import { findActiveSpecVersion, findAssetCategoriesByIds } from '../db/categories.ts';
import { findPartNumbersByIds } from '../db/part-numbers.ts';
import { patched } from '../domain/patch.ts';
import { checkAssetModel, cleanText } from '../domain/rules.ts';
import { validateSpec } from '../domain/spec.ts';

export interface CreateAssetModelInput {
  readonly categoryId: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly description?: string | null;
  readonly partNumberId?: string | null;
  readonly spec?: unknown;
}

export interface UpdateAssetModelInput {
  readonly id: string;
  readonly categoryId?: string | null;
  readonly manufacturer?: string | null;
  readonly model?: string | null;
  readonly description?: string | null;
  readonly partNumberId?: string | null;
  readonly spec?: unknown;
  readonly active?: boolean | null;
}

const VIOLATIONS: Violations = {
  asset_model_manufacturer_model_key: userError('DUPLICATE', 'This manufacturer already has a model with this name.', ['input', 'model']),
};

/** The spec validated against the category's active version, or a refusal naming each wrong key under `input.spec`. */
async function validatedSpec(tx: Queryable, categoryId: string, spec: unknown, categoryField: readonly string[]) {
  const [category] = await findAssetCategoriesByIds(tx, [categoryId]);
  if (!category) refuse('NOT_FOUND', `No asset category has the id ${categoryId}.`, categoryField);
  if (!category.active) refuse('INVALID_VALUE', `Asset category ${category.code} is inactive.`, categoryField);
  const version = await findActiveSpecVersion(tx, category.id);
  if (!version) refuse('INVALID_VALUE', `Asset category ${category.code} has no published specification; publish a version first.`, categoryField);
  const result = validateSpec(version.fields, spec);
  refuseIf(result.problems.map((problem) => userError('INVALID_VALUE', problem.message, ['input', 'spec', ...problem.path])));
  return { spec: result.spec, specVersionId: version.id };
}

async function checkPartNumber(tx: Queryable, partNumberId: string | null): Promise<void> {
  if (partNumberId === null) return;
  const [part] = await findPartNumbersByIds(tx, [partNumberId]);
  if (!part) refuse('NOT_FOUND', `No part number has the id ${partNumberId}.`, ['input', 'partNumberId']);
}

async function audit(tx: Queryable, actor: Actor, action: string, before: AssetModelRow | null, row: AssetModelRow) {
  await recordCatalogAudit(tx, actor, {
    action,
    entityType: 'AssetModel',
    entityId: row.id,
    before: before && auditView(before),
    after: auditView(row),
  });
}

/** Creates an asset model with its spec validated (defaults filled in) against the category's active version. Audited. */
export function createAssetModel(db: TransactionalDb, actor: Actor, input: CreateAssetModelInput): Promise<CommandResult<AssetModelRow>> {
  const draft = { manufacturer: cleanText(input.manufacturer), model: cleanText(input.model), description: cleanText(input.description) };
  return runCommand(
    db,
    async (tx) => {
      refuseIf(checkAssetModel(draft));
      const { spec, specVersionId } = await validatedSpec(tx, input.categoryId, input.spec, ['input', 'categoryId']);
      await checkPartNumber(tx, input.partNumberId ?? null);
      const values: AssetModelValues = {
        categoryId: input.categoryId,
        manufacturer: draft.manufacturer!,
        model: draft.model!,
        description: draft.description,
        partNumberId: input.partNumberId ?? null,
        spec,
        specVersionId,
        active: true,
      };
      const row = await insertAssetModel(tx, values, actor.caller.subject);
      await audit(tx, actor, 'asset_model.created', null, row);
      return row;
    },
    VIOLATIONS,
  );
}

/** Changes an asset model; a new spec or category is validated against the active version. Audited. */
export function updateAssetModelFields(db: TransactionalDb, actor: Actor, input: UpdateAssetModelInput): Promise<CommandResult<AssetModelRow>> {
  return runCommand(
    db,
    async (tx) => {
      const current = await lockAssetModel(tx, input.id);
      if (!current) refuse('NOT_FOUND', `No asset model has the id ${input.id}.`, ['input', 'id']);
      const text = (value: string) => cleanText(value);
      const draft = {
        manufacturer: patched(input, 'manufacturer', current.manufacturer as string | null, text, { nullable: false }),
        model: patched(input, 'model', current.model as string | null, text, { nullable: false }),
        description: patched(input, 'description', current.description, text, { nullable: true }),
      };
      refuseIf(checkAssetModel(draft));
      const categoryId = patched(input, 'categoryId', current.categoryId, String, { nullable: false });
      const partNumberId = patched(input, 'partNumberId', current.partNumberId, String, { nullable: true });
      if (partNumberId !== current.partNumberId) await checkPartNumber(tx, partNumberId);
      const respec = (input.spec !== undefined && input.spec !== null) || categoryId !== current.categoryId;
      const { spec, specVersionId } = respec
        ? await validatedSpec(tx, categoryId, input.spec ?? current.spec, ['input', 'categoryId'])
        : { spec: current.spec, specVersionId: current.specVersionId };
      const values: AssetModelValues = {
        categoryId,
        manufacturer: draft.manufacturer!,
        model: draft.model!,
        description: draft.description,
        partNumberId,
        spec,
        specVersionId,
        active: patched(input, 'active', current.active, Boolean, { nullable: false }),
      };
      const row = await updateAssetModel(tx, current.id, values, actor.caller.subject);
      await audit(tx, actor, current.active && !row.active ? 'asset_model.deactivated' : 'asset_model.updated', current, row);
      return row;
    },
    VIOLATIONS,
  );
}

/** Marks an asset model inactive, audited. */
export function deactivateAssetModel(db: TransactionalDb, actor: Actor, id: string): Promise<CommandResult<AssetModelRow>> {
  return updateAssetModelFields(db, actor, { id, active: false });
}
