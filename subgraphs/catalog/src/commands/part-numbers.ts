import { refuse, refuseIf, runCommand, userError, type Actor, type CommandResult, type Queryable, type TransactionalDb, type Violations } from '@inventory/platform';
import { partNumberHasAssets } from '../db/assets.ts';
import { auditView, recordCatalogAudit } from '../db/audit.ts';
import { partNumberHoldsStock } from '../db/part-number-holdings.ts';
import { insertPartNumber, lockPartNumber, updatePartNumber, type PartNumberRow, type PartNumberValues } from '../db/part-numbers.ts';
import { patched } from '../domain/patch.ts';
import { checkPartNumber, checkPartNumberUnit, cleanText } from '../domain/rules.ts';
import { findUnitOfMeasure } from '../db/units.ts';
import { catchUpOnHolding } from '../events/consumed.ts';
import { publishPartNumberSaved } from '../events/published.ts';

export interface CreatePartNumberInput {
  readonly code: string;
  readonly description: string;
  readonly unitOfMeasure?: string | null;
  readonly category?: string | null;
  readonly subcategory?: string | null;
  readonly manufacturer?: string | null;
  readonly model?: string | null;
  readonly minimumStock?: string | null;
  readonly maximumStock?: string | null;
  readonly reorderPoint?: string | null;
  readonly leadTimeDays?: number | null;
  readonly costCenter?: string | null;
  readonly serialized?: boolean | null;
  readonly metadata?: unknown;
}

export type UpdatePartNumberInput = { readonly [Key in keyof CreatePartNumberInput]?: CreatePartNumberInput[Key] | null } & {
  readonly id: string;
  readonly active?: boolean | null;
};

const VIOLATIONS: Violations = {
  part_number_code_key: userError('DUPLICATE', 'Another part number already has this code.', ['input', 'code']),
  // The database's own unit rules (schema/migrations/0051_units_of_measure.sql), behind checkPartNumberUnit.
  part_number_unit_of_measure_fkey: userError('INVALID_VALUE', 'The unit of measure is not known.', ['input', 'unitOfMeasure']),
  part_number_levels_fit_unit: userError('INVALID_VALUE', 'Stock levels have more decimal places than the unit of measure allows.', ['input', 'reorderPoint']),
};

/** Refuses a part number whose unit is unknown or whose stock levels are finer than its unit counts. */
async function refuseUnitMismatch(tx: Queryable, values: Pick<PartNumberValues, 'unitOfMeasure' | 'minimumStock' | 'maximumStock' | 'reorderPoint'>): Promise<void> {
  refuseIf(checkPartNumberUnit(values, await findUnitOfMeasure(tx, values.unitOfMeasure)));
}

async function save(tx: Queryable, actor: Actor, action: string, before: PartNumberRow | null, row: PartNumberRow) {
  await recordCatalogAudit(tx, actor, {
    action,
    entityType: 'PartNumber',
    entityId: row.id,
    before: before ? auditView(before) : null,
    after: auditView(row),
  });
  await publishPartNumberSaved(tx, row, actor.requestId);
}

/** Creates a part number, audited and published as `catalog.part_number.saved`. */
export function createPartNumber(db: TransactionalDb, actor: Actor, input: CreatePartNumberInput): Promise<CommandResult<PartNumberRow>> {
  const values: PartNumberValues = {
    code: input.code.trim(),
    description: cleanText(input.description) ?? '',
    unitOfMeasure: cleanText(input.unitOfMeasure) ?? 'EA',
    category: cleanText(input.category),
    subcategory: cleanText(input.subcategory),
    manufacturer: cleanText(input.manufacturer),
    model: cleanText(input.model),
    minimumStock: input.minimumStock ?? '0',
    maximumStock: input.maximumStock ?? null,
    reorderPoint: input.reorderPoint ?? '0',
    leadTimeDays: input.leadTimeDays ?? null,
    costCenter: cleanText(input.costCenter),
    serialized: input.serialized ?? false,
    active: true,
    metadata: input.metadata ?? {},
  };
  return runCommand(
    db,
    async (tx) => {
      refuseIf(checkPartNumber({ ...values, description: cleanText(values.description) }));
      await refuseUnitMismatch(tx, values);
      const row = await insertPartNumber(tx, values, actor.caller.subject);
      await save(tx, actor, 'part_number.created', null, row);
      return row;
    },
    VIOLATIONS,
  );
}

/** Changes a part number (absent fields kept, null clears optional ones); audited and published. */
export function updatePartNumberFields(db: TransactionalDb, actor: Actor, input: UpdatePartNumberInput): Promise<CommandResult<PartNumberRow>> {
  return runCommand(
    db,
    async (tx) => {
      // Stock's newest word on whether the part holds stock, applied before
      // the part is locked (the consumer applying the same event takes the
      // two locks in that order too).
      if (input.serialized === true) await catchUpOnHolding(tx, input.id);
      const current = await lockPartNumber(tx, input.id);
      if (!current) refuse('NOT_FOUND', `No part number has the id ${input.id}.`, ['input', 'id']);
      const text = (value: string) => cleanText(value);
      const values = {
        code: patched(input, 'code', current.code, (value) => value.trim(), { nullable: false }),
        description: patched(input, 'description', current.description as string | null, text, { nullable: false }),
        unitOfMeasure: patched(input, 'unitOfMeasure', current.unitOfMeasure as string | null, text, { nullable: false }),
        category: patched(input, 'category', current.category, text, { nullable: true }),
        subcategory: patched(input, 'subcategory', current.subcategory, text, { nullable: true }),
        manufacturer: patched(input, 'manufacturer', current.manufacturer, text, { nullable: true }),
        model: patched(input, 'model', current.model, text, { nullable: true }),
        minimumStock: patched(input, 'minimumStock', current.minimumStock, String, { nullable: false }),
        maximumStock: patched(input, 'maximumStock', current.maximumStock, String, { nullable: true }),
        reorderPoint: patched(input, 'reorderPoint', current.reorderPoint, String, { nullable: false }),
        leadTimeDays: patched(input, 'leadTimeDays', current.leadTimeDays, Number, { nullable: true }),
        costCenter: patched(input, 'costCenter', current.costCenter, text, { nullable: true }),
        serialized: patched(input, 'serialized', current.serialized, Boolean, { nullable: false }),
        active: patched(input, 'active', current.active, Boolean, { nullable: false }),
        metadata: patched(input, 'metadata', current.metadata, (value) => value as unknown, { nullable: false }),
      };
      refuseIf(checkPartNumber(values));
      await refuseUnitMismatch(tx, { ...values, unitOfMeasure: values.unitOfMeasure! });
      if (current.serialized && !values.serialized && (await partNumberHasAssets(tx, current.id))) {
        refuse('INVALID_VALUE', 'This part number has assets, so it must stay serialized.', ['input', 'serialized']);
      }
      if (!current.serialized && values.serialized && (await partNumberHoldsStock(tx, current.id))) {
        refuse('INVALID_VALUE', 'This part number holds stock, which no asset stands for; issue or write it off before making it serialized.', ['input', 'serialized']);
      }
      const row = await updatePartNumber(tx, current.id, { ...values, description: values.description!, unitOfMeasure: values.unitOfMeasure! }, actor.caller.subject);
      await save(tx, actor, current.active && !row.active ? 'part_number.deactivated' : 'part_number.updated', current, row);
      return row;
    },
    VIOLATIONS,
  );
}

/** Marks a part number inactive; a part number already inactive is returned unchanged. */
export function deactivatePartNumber(db: TransactionalDb, actor: Actor, id: string): Promise<CommandResult<PartNumberRow>> {
  return runCommand(db, async (tx) => {
    const current = await lockPartNumber(tx, id);
    if (!current) refuse('NOT_FOUND', `No part number has the id ${id}.`, ['input', 'id']);
    if (!current.active) return current;
    const row = await updatePartNumber(tx, id, { ...current, active: false }, actor.caller.subject);
    await save(tx, actor, 'part_number.deactivated', current, row);
    return row;
  });
}
