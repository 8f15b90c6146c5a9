import type { BalanceResolvers } from '../generated/resolvers.ts';

export const Balance: BalanceResolvers = {
  id: (balance) => `${balance.partNumberId}@${balance.locationId}`,
  partNumber: (balance) => ({ id: balance.partNumberId }),
  async location(balance, _args, { loaders }) {
    const location = await loaders.locationById.load(balance.locationId);
    if (!location) throw new Error(`balance points at missing location ${balance.locationId}`);
    return location;
  },
};
