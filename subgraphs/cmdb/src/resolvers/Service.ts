import type { ServiceResolvers } from '../generated/resolvers.ts';

export const Service: ServiceResolvers = {
  members: (service, _args, { loaders }) => loaders.membersOfService.load(service.id),
};
