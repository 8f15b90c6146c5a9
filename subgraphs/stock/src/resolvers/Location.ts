import { parseId } from '@inventory/platform';
import type { LocationRow } from '../db/locations.ts';
import type { LocationResolvers, LocationStockValueResolvers } from '../generated/resolvers.ts';
import type { Loaders } from '../loaders.ts';

/** Every enclosing location, root first: one batched lookup of the materialized path, never a query per level. */
async function ancestorsOf(location: LocationRow, loaders: Loaders): Promise<LocationRow[]> {
  const ancestors = await loaders.locationById.loadMany(location.path.slice(0, -1));
  return ancestors.map((ancestor, index) => {
    if (ancestor === null || ancestor instanceof Error) {
      throw ancestor instanceof Error ? ancestor : new Error(`location ${location.id} has a dangling path entry ${location.path[index]}`);
    }
    return ancestor;
  });
}

export const Location: LocationResolvers = {
  __resolveReference: async (reference, { loaders }) => loaders.locationById.load(parseId(reference.id, 'id')),
  parent: (location, _args, { loaders }) => (location.parentId ? loaders.locationById.load(location.parentId) : null),
  ancestors: (location, _args, { loaders }) => ancestorsOf(location, loaders),
  children: (location, _args, { loaders }) => loaders.childrenByLocation.load(location.id),
  depth: (location) => location.path.length - 1,
  async path(location, _args, { loaders }) {
    const ancestors = await ancestorsOf(location, loaders);
    return [...ancestors, location].map((each) => each.code).join('/');
  },
  assets: (location, { first, after, includeDescendants }, { loaders }) =>
    (includeDescendants ? loaders.assetsUnderLocation : loaders.assetsAtLocation).load(location.id, { first, after }),
  async descendants(location, { maxDepth }, { loaders }) {
    const all = await loaders.descendantsByLocation.load(location.id);
    return maxDepth === null || maxDepth === undefined ? all : all.filter((each) => each.path.length - location.path.length <= maxDepth);
  },
  metadata: (location) => location.metadata ?? {},
  balances: (location, { includeDescendants }, { loaders }) =>
    (includeDescendants ? loaders.balancesUnderLocation : loaders.balancesAtLocation).load(location.id),
  stockValue: (location, _args, { loaders }) => loaders.stockValueUnderLocation.load(location.id),
  stockValueByChild: (location, _args, { loaders }) => loaders.stockValueByChild.load(location.id),
};

export const LocationStockValue: LocationStockValueResolvers = {
  id: (row) => row.locationId,
  location: async (row, _args, { loaders }) => {
    const location = await loaders.locationById.load(row.locationId);
    if (!location) throw new Error(`location ${row.locationId} listed with its stock value no longer exists`);
    return location;
  },
};
