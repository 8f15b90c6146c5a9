import { parseId } from '@inventory/platform';
import type { LocationResolvers } from '../generated/resolvers.ts';

export const Location: LocationResolvers = {
  __resolveReference: (reference) => ({ id: parseId(reference.id, 'id') }),
  configurationItems: (location, args, { loaders }) => loaders.configurationItemsAtLocation.load(location.id, args),
};
