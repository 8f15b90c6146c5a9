import { parseId } from '@inventory/platform';
import type { PartNumberResolvers } from '../generated/resolvers.ts';

// PartNumber belongs to catalog; stock answers for any id it is handed, with
// empty balances when it holds none of that part.
export const PartNumber: PartNumberResolvers = {
  __resolveReference: async (reference) => ({ id: parseId(reference.id, 'id') }),
  balances: (partNumber, _args, { loaders }) => loaders.balancesByPartNumber.load(partNumber.id),
  stock: (partNumber, _args, { loaders }) => loaders.stockLevelByPartNumber.load(partNumber.id),
  averageCost: (partNumber, _args, { loaders }) => loaders.averageCostByPartNumber.load(partNumber.id),
};
