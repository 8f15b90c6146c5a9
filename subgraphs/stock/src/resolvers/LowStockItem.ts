import { compareDecimals, fromMicros, toMicros } from '@inventory/platform';
import type { LowStockItemResolvers } from '../generated/resolvers.ts';

export const LowStockItem: LowStockItemResolvers = {
  id: (item) => `${item.partNumberId}@${item.scopeLocationId ?? '*'}`,
  partNumber: (item) => ({ id: item.partNumberId }),
  shortfall(item) {
    const target = compareDecimals(item.reorderPoint, item.minimumStock) >= 0 ? item.reorderPoint : item.minimumStock;
    return fromMicros(toMicros(target) - toMicros(item.available));
  },
  belowMinimum: (item) => compareDecimals(item.available, item.minimumStock) < 0,
};
