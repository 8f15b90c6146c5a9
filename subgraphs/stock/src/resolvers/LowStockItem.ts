import { compare, fromMicros, toMicros } from '../domain/decimal.ts';
import type { LowStockItemResolvers } from '../generated/resolvers.ts';

export const LowStockItem: LowStockItemResolvers = {
  partNumber: (item) => ({ id: item.partNumberId }),
  shortfall(item) {
    const target = compare(item.reorderPoint, item.minimumStock) >= 0 ? item.reorderPoint : item.minimumStock;
    return fromMicros(toMicros(target) - toMicros(item.available));
  },
  belowMinimum: (item) => compare(item.available, item.minimumStock) < 0,
};
