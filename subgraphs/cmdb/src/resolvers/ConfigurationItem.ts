import { parseId } from '@inventory/platform';
import type { ConfigurationItemResolvers } from '../generated/resolvers.ts';

export const ConfigurationItem: ConfigurationItemResolvers = {
  __resolveReference: async (reference, { loaders }) => loaders.configurationItemById.load(parseId(reference.id, 'id')),
  async type(item, _args, { loaders }) {
    const type = await loaders.ciTypeById.load(item.typeId);
    // The foreign key makes a missing type impossible; failing loudly beats a silent null on a non-null field.
    if (!type) throw new Error(`configuration item ${item.id} points at missing CI type ${item.typeId}`);
    return type;
  },
  asset: (item) => (item.assetId === null ? null : { id: item.assetId }),
  location: (item) => (item.locationId === null ? null : { id: item.locationId }),
  relationships: (item, { direction }, { loaders }) =>
    loaders.relationshipsOfConfigurationItem.load({ ciId: item.id, direction }),
  services: (item, _args, { loaders }) => loaders.servicesOfConfigurationItem.load(item.id),
};
