import type { SupplierOfferResolvers } from '../generated/resolvers.ts';

export const SupplierOffer: SupplierOfferResolvers = {
  async partNumber(offer, _args, { loaders }) {
    const partNumber = await loaders.partNumberById.load(offer.partNumberId);
    if (!partNumber) throw new Error(`offer ${offer.id} points at missing part number ${offer.partNumberId}`);
    return partNumber;
  },
  async supplier(offer, _args, { loaders }) {
    const supplier = await loaders.supplierById.load(offer.supplierId);
    if (!supplier) throw new Error(`offer ${offer.id} points at missing supplier ${offer.supplierId}`);
    return supplier;
  },
};
