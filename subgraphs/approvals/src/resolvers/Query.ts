import { badUserInput, decodeCursor, hasRole, pageSize, parseId, parseOptionalId, requireExactlyOne, toConnection, type Caller, type Queryable } from '@inventory/platform';
import { countApprovalRequests, listApprovalRequests, type ApprovalRequestFilter } from '../db/approval-requests.ts';
import { countDelegations, findDelegatedAuthorities, listDelegations } from '../db/delegations.ts';
import { countPolicies, listPolicies } from '../db/policies.ts';
import { MAX_DELEGATION_DEPTH } from '../domain/levels.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

/**
 * Who "assigned to me" looks for: the caller by role and name, plus the approvers who delegate to them.
 * Callers who may not decide anything (operators, analysts, partners) have nothing assigned.
 */
async function assignedToCaller(db: Queryable, caller: Caller, now: Date): Promise<NonNullable<ApprovalRequestFilter['assignedTo']>> {
  if (!hasRole(caller, 'approver', 'admin')) return { subject: caller.subject, roles: [], identities: [] };
  const delegators = (await findDelegatedAuthorities(db, caller.subject, now, MAX_DELEGATION_DEPTH)).map((authority) => authority.delegator);
  return { subject: caller.subject, roles: caller.roles, identities: [caller.subject, ...delegators] };
}

export const Query: QueryResolvers = {
  approvalRequest: (_parent, { id }, { loaders }) => loaders.approvalRequestById.load(parseId(id, 'id')),

  async approvalRequests(_parent, { first, after, filter }, { db, caller }) {
    const size = pageSize(first);
    const afterId = after ? parseId(decodeCursor(after, 1)[0]!, 'after') : null;
    const now = new Date();
    const assignedTo = filter?.assignedToMe ? await assignedToCaller(db, caller, now) : null;
    const criteria: ApprovalRequestFilter = {
      status: filter?.status ?? null,
      kind: filter?.kind ?? null,
      assetId: parseOptionalId(filter?.assetId, 'filter.assetId'),
      movementId: parseOptionalId(filter?.movementId, 'filter.movementId'),
      requestedBy: filter?.requestedBy ?? null,
      overdue: filter?.overdue ?? null,
      assignedTo,
      now,
    };
    const rows = size === 0 ? [] : await listApprovalRequests(db, criteria, size + 1, afterId);
    return toConnection(rows, size, (row) => [row.id], () => countApprovalRequests(db, criteria), afterId !== null);
  },

  approvalPolicy(_parent, { id, code }, { loaders }) {
    return requireExactlyOne({ id, code }) === 'id' ? loaders.policyById.load(parseId(id!, 'id')) : loaders.policyByCode.load(code!);
  },

  async approvalPolicies(_parent, { first, after, filter }, { db }) {
    const size = pageSize(first);
    const keys = after ? decodeCursor(after, 2) : null;
    const afterKey = keys ? { priority: Number(keys[0]), id: parseId(keys[1]!, 'after') } : null;
    if (afterKey && !Number.isInteger(afterKey.priority)) throw badUserInput('"after" is not a cursor issued by this list.', 'after');
    const criteria = { subjectKind: filter?.subjectKind ?? null, active: filter?.active ?? null };
    const rows = size === 0 ? [] : await listPolicies(db, criteria, size + 1, afterKey);
    return toConnection(rows, size, (row) => [row.priority, row.id], () => countPolicies(db, criteria), afterKey !== null);
  },

  async approvalDelegations(_parent, { first, after, filter }, { db }) {
    const size = pageSize(first);
    const beforeId = after ? parseId(decodeCursor(after, 1)[0]!, 'after') : null;
    const criteria = { delegator: filter?.delegator ?? null, delegate: filter?.delegate ?? null, activeAt: filter?.activeAt ?? null };
    const rows = size === 0 ? [] : await listDelegations(db, criteria, size + 1, beforeId);
    return toConnection(rows, size, (row) => [row.id], () => countDelegations(db, criteria), beforeId !== null);
  },
};
