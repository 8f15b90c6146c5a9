import { refuse, refuseIf, runCommand, userError, type Actor, type Queryable, type TransactionalDb } from '@inventory/platform';
import { findActiveCiTypeVersionsByTypeIds, findAttributeDefinitionsByVersionIds } from '../db/ci-type-versions.ts';
import { findCiTypesByCodes } from '../db/ci-types.ts';
import {
  insertConfigurationItem,
  lockConfigurationItem,
  updateConfigurationItem as writeConfigurationItem,
  type ConfigurationItemFields,
  type ConfigurationItemRow,
  type ConfigurationItemStatus,
  type Environment,
} from '../db/configuration-items.ts';
import { retireRelationshipsOfConfigurationItem } from '../db/relationships.ts';
import { mergeAttributes, validateAttributes, type AttributeValues } from '../domain/attributes.ts';
import { statusChangeProblem } from '../domain/configuration-items.ts';
import { audit } from './audit.ts';

const VIOLATIONS = {
  configuration_item_code_key: userError('DUPLICATE', 'A configuration item with this code already exists.', ['input', 'code']),
  configuration_item_asset_key: userError('DUPLICATE', 'This asset is already tracked by another configuration item.', ['input', 'assetId']),
  configuration_item_asset_id_fkey: userError('NOT_FOUND', 'No asset has this id.', ['input', 'assetId']),
  configuration_item_location_id_fkey: userError('NOT_FOUND', 'No location has this id.', ['input', 'locationId']),
};

/**
 * Validates attribute values against the active version of a type, filling
 * in defaults. Without an active version the type defines no schema yet and
 * the values are kept as given. Each failure is a user error naming the attribute.
 */
async function checkedAttributes(tx: Queryable, typeId: string, values: AttributeValues): Promise<{ attributes: Record<string, unknown>; versionId: string | null }> {
  const [active] = await findActiveCiTypeVersionsByTypeIds(tx, [typeId]);
  if (!active) return { attributes: mergeAttributes({}, values), versionId: null };
  const definitions = await findAttributeDefinitionsByVersionIds(tx, [active.id]);
  const { values: attributes, problems } = validateAttributes(definitions, values, { applyDefaults: true });
  refuseIf(problems.map((problem) => userError('INVALID_VALUE', problem.message, ['input', 'attributes', problem.key])));
  return { attributes, versionId: active.id };
}

function checkName(name: string): string {
  if (name.trim() === '') refuse('INVALID_VALUE', 'The name must not be blank.', ['input', 'name']);
  return name.trim();
}

/** A new item's fields, with its ids and attributes already parsed from the arguments. */
export interface CreateConfigurationItemInput {
  readonly code: string;
  readonly name: string;
  readonly typeCode: string;
  readonly assetId: string | null;
  readonly locationId: string | null;
  readonly status?: ConfigurationItemStatus | null;
  readonly environment?: Environment | null;
  readonly ownerTeam?: string | null;
  readonly notes?: string | null;
  readonly attributes: AttributeValues;
}

/** Registers a configuration item with attributes valid for its type's active version. */
export function createConfigurationItem(db: TransactionalDb, actor: Actor, input: CreateConfigurationItemInput) {
  return runCommand<ConfigurationItemRow>(db, async (tx) => {
    if (input.code.trim() === '') refuse('INVALID_VALUE', 'The code must not be blank.', ['input', 'code']);
    const name = checkName(input.name);
    if (input.status === 'RETIRED') refuse('INVALID_VALUE', 'A new configuration item cannot be RETIRED.', ['input', 'status']);
    const [type] = await findCiTypesByCodes(tx, [input.typeCode]);
    if (!type) return refuse('NOT_FOUND', `No CI type has the code "${input.typeCode}".`, ['input', 'typeCode']);
    const { attributes, versionId } = await checkedAttributes(tx, type.id, input.attributes);
    const item = await insertConfigurationItem(tx, {
      code: input.code.trim(),
      typeId: type.id,
      name,
      typeVersionId: versionId,
      status: input.status ?? 'ACTIVE',
      environment: input.environment ?? 'PROD',
      ownerTeam: input.ownerTeam ?? null,
      assetId: input.assetId,
      locationId: input.locationId,
      attributes,
      notes: input.notes ?? null,
    });
    await audit(tx, actor, { action: 'configuration_item.created', entityType: 'ConfigurationItem', entityId: item.id, before: null, after: item });
    return item;
  }, VIOLATIONS);
}

/** Changes to an item, parsed from the arguments: an absent field keeps its value, null clears an optional one. */
export interface UpdateConfigurationItemInput {
  readonly id: string;
  readonly name?: string | null;
  readonly status?: ConfigurationItemStatus | null;
  readonly environment?: Environment | null;
  readonly ownerTeam?: string | null;
  readonly notes?: string | null;
  readonly assetId?: string | null;
  readonly locationId?: string | null;
  /** The attributes to set; a key set to null is removed. */
  readonly attributes: AttributeValues;
}

/** Changes the fields `input` names; the resulting attributes are validated against the type's active version. */
export function updateConfigurationItem(db: TransactionalDb, actor: Actor, input: UpdateConfigurationItemInput) {
  const { id } = input;
  const given = (field: keyof UpdateConfigurationItemInput) => Object.hasOwn(input, field) && input[field] !== undefined;
  return runCommand<ConfigurationItemRow>(db, async (tx) => {
    const before = await lockConfigurationItem(tx, id);
    if (!before) return refuse('NOT_FOUND', 'No configuration item has this id.', ['input', 'id']);
    if (before.status === 'RETIRED') refuse('INVALID_TRANSITION', 'A retired configuration item cannot change.', ['input', 'id']);
    const status = input.status ?? before.status;
    const statusProblem = statusChangeProblem(before.status, status);
    if (statusProblem) refuse('INVALID_TRANSITION', statusProblem, ['input', 'status']);
    const { attributes, versionId } = await checkedAttributes(tx, before.typeId, mergeAttributes(before.attributes, input.attributes));
    const fields: ConfigurationItemFields = {
      name: input.name != null ? checkName(input.name) : before.name,
      typeVersionId: versionId ?? before.typeVersionId,
      status,
      environment: input.environment ?? before.environment,
      ownerTeam: given('ownerTeam') ? (input.ownerTeam ?? null) : before.ownerTeam,
      notes: given('notes') ? (input.notes ?? null) : before.notes,
      assetId: given('assetId') ? (input.assetId ?? null) : before.assetId,
      locationId: given('locationId') ? (input.locationId ?? null) : before.locationId,
      attributes,
    };
    const after = await writeConfigurationItem(tx, id, fields);
    await audit(tx, actor, { action: 'configuration_item.updated', entityType: 'ConfigurationItem', entityId: id, before, after });
    return after;
  }, VIOLATIONS);
}

/** Retires an item for good and ends its active relationships. */
export function retireConfigurationItem(db: TransactionalDb, actor: Actor, input: { id: string }) {
  const { id } = input;
  return runCommand<ConfigurationItemRow>(db, async (tx) => {
    const before = await lockConfigurationItem(tx, id);
    if (!before) return refuse('NOT_FOUND', 'No configuration item has this id.', ['input', 'id']);
    if (before.status === 'RETIRED') refuse('INVALID_TRANSITION', 'The configuration item is already retired.', ['input', 'id']);
    const after = await writeConfigurationItem(tx, id, { ...before, status: 'RETIRED' });
    const retiredRelationshipIds = await retireRelationshipsOfConfigurationItem(tx, id);
    await audit(tx, actor, {
      action: 'configuration_item.retired',
      entityType: 'ConfigurationItem',
      entityId: id,
      before,
      after: { ...after, retiredRelationshipIds },
    });
    return after;
  });
}
