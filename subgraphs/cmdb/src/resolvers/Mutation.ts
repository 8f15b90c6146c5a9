import { badUserInput, parseId, parseOptionalId, requireRole, type Actor } from '@inventory/platform';
import { createCiType, createCiTypeVersion, publishCiTypeVersion, updateCiTypeVersion } from '../commands/ci-types.ts';
import { createConfigurationItem, retireConfigurationItem, updateConfigurationItem } from '../commands/configuration-items.ts';
import { createRelationshipType, relateConfigurationItems, retireRelationship } from '../commands/relationships.ts';
import { addServiceMember, createService, removeServiceMember, updateService } from '../commands/services.ts';
import type { Context } from '../context.ts';
import { isAttributeObject, type AttributeValues } from '../domain/attributes.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

/** The caller, checked for a writing role: every mutation starts here. */
function writer(context: Context): Actor {
  requireRole(context.caller, 'operator', 'admin');
  return { caller: context.caller, requestId: context.requestId };
}

/** The `attributes` argument as an object; anything but a JSON object is malformed input. */
function attributesArgument(value: unknown): AttributeValues | null {
  if (value === null || value === undefined) return null;
  if (!isAttributeObject(value)) throw badUserInput('"attributes" must be a JSON object keyed by attribute key.', 'attributes');
  return value;
}

/** Refuses an explicit null for `fields`: absent keeps a value, but these have no empty value to clear to. */
function refuseClearing<Input extends object>(input: Input, fields: readonly (keyof Input & string)[]): void {
  for (const field of fields) {
    if (input[field] === null) throw badUserInput(`"${field}" cannot be cleared.`, field);
  }
}

export const Mutation: MutationResolvers = {
  async createCiType(_parent, { input }, context) {
    const { result, userErrors } = await createCiType(context.db, writer(context), input);
    return { ciType: result, userErrors };
  },
  async createCiTypeVersion(_parent, { input }, context) {
    const { result, userErrors } = await createCiTypeVersion(context.db, writer(context), { ...input, ciTypeId: parseId(input.ciTypeId, 'ciTypeId') });
    return { ciTypeVersion: result, userErrors };
  },
  async updateCiTypeVersion(_parent, { input }, context) {
    const { result, userErrors } = await updateCiTypeVersion(context.db, writer(context), { ...input, versionId: parseId(input.versionId, 'versionId') });
    return { ciTypeVersion: result, userErrors };
  },
  async publishCiTypeVersion(_parent, { input }, context) {
    const { result, userErrors } = await publishCiTypeVersion(context.db, writer(context), { versionId: parseId(input.versionId, 'versionId') });
    return { ciTypeVersion: result, userErrors };
  },
  async createConfigurationItem(_parent, { input }, context) {
    const { result, userErrors } = await createConfigurationItem(context.db, writer(context), {
      ...input,
      assetId: parseOptionalId(input.assetId, 'assetId'),
      locationId: parseOptionalId(input.locationId, 'locationId'),
      attributes: attributesArgument(input.attributes) ?? {},
    });
    return { configurationItem: result, userErrors };
  },
  async updateConfigurationItem(_parent, { input }, context) {
    const actor = writer(context);
    const id = parseId(input.id, 'id');
    // Absent leaves the link as it is; null removes it.
    const assetId = input.assetId === undefined ? undefined : parseOptionalId(input.assetId, 'assetId');
    const locationId = input.locationId === undefined ? undefined : parseOptionalId(input.locationId, 'locationId');
    const attributes = attributesArgument(input.attributes) ?? {};
    refuseClearing(input, ['name', 'status', 'environment']);
    const { result, userErrors } = await updateConfigurationItem(context.db, actor, { ...input, id, assetId, locationId, attributes });
    return { configurationItem: result, userErrors };
  },
  async retireConfigurationItem(_parent, { input }, context) {
    const { result, userErrors } = await retireConfigurationItem(context.db, writer(context), { id: parseId(input.id, 'id') });
    return { configurationItem: result, userErrors };
  },
  async createRelationshipType(_parent, { input }, context) {
    const { result, userErrors } = await createRelationshipType(context.db, writer(context), input);
    return { relationshipType: result, userErrors };
  },
  async relateConfigurationItems(_parent, { input }, context) {
    const { result, userErrors } = await relateConfigurationItems(context.db, writer(context), {
      ...input,
      fromId: parseId(input.fromId, 'fromId'),
      toId: parseId(input.toId, 'toId'),
    });
    return { relationship: result, userErrors };
  },
  async retireRelationship(_parent, { input }, context) {
    const { result, userErrors } = await retireRelationship(context.db, writer(context), { relationshipId: parseId(input.relationshipId, 'relationshipId') });
    return { relationship: result, userErrors };
  },
  async createService(_parent, { input }, context) {
    const { result, userErrors } = await createService(context.db, writer(context), input);
    return { service: result, userErrors };
  },
  async updateService(_parent, { input }, context) {
    const actor = writer(context);
    const id = parseId(input.id, 'id');
    refuseClearing(input, ['name', 'criticality', 'status']);
    const { result, userErrors } = await updateService(context.db, actor, { ...input, id });
    return { service: result, userErrors };
  },
  async addServiceMember(_parent, { input }, context) {
    const { result, userErrors } = await addServiceMember(context.db, writer(context), {
      ...input,
      serviceId: parseId(input.serviceId, 'serviceId'),
      configurationItemId: parseId(input.configurationItemId, 'configurationItemId'),
    });
    return { service: result, userErrors };
  },
  async removeServiceMember(_parent, { input }, context) {
    const { result, userErrors } = await removeServiceMember(context.db, writer(context), {
      serviceId: parseId(input.serviceId, 'serviceId'),
      configurationItemId: parseId(input.configurationItemId, 'configurationItemId'),
    });
    return { service: result, userErrors };
  },
};
