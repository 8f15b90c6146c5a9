import type { SupplierResolvers } from '../generated/resolvers.ts';

export const Supplier: SupplierResolvers = {
  async offers(supplier, { includeInactive }, { loaders }) {
    const offers = await loaders.offersBySupplier.load(supplier.id);
    return includeInactive ? offers : offers.filter((offer) => offer.active);
  },
};
