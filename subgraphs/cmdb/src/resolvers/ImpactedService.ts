import type { ImpactedServiceResolvers } from '../generated/resolvers.ts';
import { loadExisting } from '../loaders.ts';

export const ImpactedService: ImpactedServiceResolvers = {
  criticality: (summary) => summary.service.criticality,
  async impactedMembers(summary, _args, { loaders }) {
    const members = await loadExisting(loaders.configurationItemById, summary.memberIds);
    return members.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  },
};
