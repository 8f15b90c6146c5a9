import type { ServiceMemberResolvers } from '../generated/resolvers.ts';
import { loadExisting } from '../loaders.ts';

export const ServiceMember: ServiceMemberResolvers = {
  id: (member) => `${member.serviceId}:${member.ciId}`,
  configurationItem: async (member, _args, { loaders }) => (await loadExisting(loaders.configurationItemById, [member.ciId]))[0]!,
};
