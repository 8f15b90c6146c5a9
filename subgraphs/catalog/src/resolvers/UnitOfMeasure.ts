import type { UnitOfMeasureResolvers } from '../generated/resolvers.ts';

export const UnitOfMeasure: UnitOfMeasureResolvers = {
  // A unit is known by its code; as an id, a client cache keeps one copy of it.
  id: (unit) => unit.code,
};
