import { requireRole, type Actor } from '@inventory/platform';
import { createCiType, createCiTypeVersion, publishCiTypeVersion, updateCiTypeVersion } from '../commands/ci-types.ts';
import { createConfigurationItem, retireConfigurationItem, updateConfigurationItem } from '../commands/configuration-items.ts';
import { createRelationshipType, relateConfigurationItems, retireRelationship } from '../commands/relationships.ts';
import { addServiceMember, createService, removeServiceMember, updateService } from '../commands/services.ts';
import type { Context } from '../context.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

/** The caller, checked for a writing role: every mutation starts here. */
function writer(context: Context): Actor {
  requireRole(context.caller, 'operator', 'admin');
  return { caller: context.caller, requestId: context.requestId };
}

export const Mutation: MutationResolvers = {
  async createCiType(_parent, { input }, context) {
    const { result, userErrors } = await createCiType(context.db, writer(context), input);
    return { ciType: result, userErrors };
  },
  async createCiTypeVersion(_parent, { input }, context) {
    const { result, userErrors } = await createCiTypeVersion(context.db, writer(context), input);
    return { ciTypeVersion: result, userErrors };
  },
  async updateCiTypeVersion(_parent, { input }, context) {
    const { result, userErrors } = await updateCiTypeVersion(context.db, writer(context), input);
    return { ciTypeVersion: result, userErrors };
  },
  async publishCiTypeVersion(_parent, { input }, context) {
    const { result, userErrors } = await publishCiTypeVersion(context.db, writer(context), input);
    return { ciTypeVersion: result, userErrors };
  },
  async createConfigurationItem(_parent, { input }, context) {
    const { result, userErrors } = await createConfigurationItem(context.db, writer(context), input);
    return { configurationItem: result, userErrors };
  },
  async updateConfigurationItem(_parent, { input }, context) {
    const { result, userErrors } = await updateConfigurationItem(context.db, writer(context), input);
    return { configurationItem: result, userErrors };
  },
  async retireConfigurationItem(_parent, { input }, context) {
    const { result, userErrors } = await retireConfigurationItem(context.db, writer(context), input);
    return { configurationItem: result, userErrors };
  },
  async createRelationshipType(_parent, { input }, context) {
    const { result, userErrors } = await createRelationshipType(context.db, writer(context), input);
    return { relationshipType: result, userErrors };
  },
  async relateConfigurationItems(_parent, { input }, context) {
    const { result, userErrors } = await relateConfigurationItems(context.db, writer(context), input);
    return { relationship: result, userErrors };
  },
  async retireRelationship(_parent, { input }, context) {
    const { result, userErrors } = await retireRelationship(context.db, writer(context), input);
    return { relationship: result, userErrors };
  },
  async createService(_parent, { input }, context) {
    const { result, userErrors } = await createService(context.db, writer(context), input);
    return { service: result, userErrors };
  },
  async updateService(_parent, { input }, context) {
    const { result, userErrors } = await updateService(context.db, writer(context), input);
    return { service: result, userErrors };
  },
  async addServiceMember(_parent, { input }, context) {
    const { result, userErrors } = await addServiceMember(context.db, writer(context), input);
    return { service: result, userErrors };
  },
  async removeServiceMember(_parent, { input }, context) {
    const { result, userErrors } = await removeServiceMember(context.db, writer(context), input);
    return { service: result, userErrors };
  },
};
