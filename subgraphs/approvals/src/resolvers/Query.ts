import { decodeCursor, pageSize, parseId, parseOptionalId, toConnection } from '@inventory/platform';
import { countApprovalRequests, listApprovalRequests } from '../db/approval-requests.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  approvalRequest: (_parent, { id }, { loaders }) => loaders.approvalRequestById.load(parseId(id, 'id')),

  async approvalRequests(_parent, { first, after, filter }, { db }) {
    const size = pageSize(first);
    const afterId = after ? parseId(decodeCursor(after, 1)[0]!, 'after') : null;
    const criteria = {
      status: filter?.status ?? null,
      kind: filter?.kind ?? null,
      assetId: parseOptionalId(filter?.assetId, 'filter.assetId'),
    };
    const rows = size === 0 ? [] : await listApprovalRequests(db, criteria, size + 1, afterId);
    return toConnection(rows, size, (row) => [row.id], () => countApprovalRequests(db, criteria), afterId !== null);
  },
};
