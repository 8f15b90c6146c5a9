import type { PartNumberResolvers } from '../generated/resolvers.ts';

export const PartNumber: PartNumberResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.partNumberById.load(reference.id),
  assets: (partNumber, args, { loaders }) => loaders.assetsByPartNumber.load(partNumber.id, args),
};
