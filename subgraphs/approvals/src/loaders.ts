import DataLoader from 'dataloader';
import { batchByKey, groupByKey, type Queryable } from '@inventory/platform';
import {
  findApprovalRequestsByIds,
  findApprovalRequestsByMovementIds,
  listPendingApprovalRequestsOfAssets,
  type ApprovalRequestRow,
} from './db/approval-requests.ts';
import { listDecisionsOfRequests, type DecisionRow } from './db/decisions.ts';
import { findDelegationsByIds, type DelegationRow } from './db/delegations.ts';
import { listLevelsOfPolicies, listLevelsOfRequests, type LevelRow } from './db/levels.ts';
import { findPoliciesByCodes, findPoliciesByIds, type PolicyRow } from './db/policies.ts';

/** The approvals subgraph's batch loaders. Made per request: a loader's cache never outlives its request. */
export function createLoaders(db: Queryable) {
  return {
    approvalRequestById: new DataLoader<string, ApprovalRequestRow | null>(async (ids) =>
      batchByKey(ids, await findApprovalRequestsByIds(db, ids), (row) => row.id),
    ),
    approvalByMovementId: new DataLoader<string, ApprovalRequestRow | null>(async (movementIds) =>
      batchByKey(movementIds, await findApprovalRequestsByMovementIds(db, movementIds), (row) => row.movementId),
    ),
    pendingApprovalsByAssetId: new DataLoader<string, ApprovalRequestRow[]>(async (assetIds) =>
      groupByKey(assetIds, await listPendingApprovalRequestsOfAssets(db, assetIds), (row) => row.assetId),
    ),
    decisionsByRequestId: new DataLoader<string, DecisionRow[]>(async (requestIds) =>
      groupByKey(requestIds, await listDecisionsOfRequests(db, requestIds), (row) => row.requestId),
    ),
    levelsByRequestId: new DataLoader<string, LevelRow[]>(async (requestIds) =>
      groupByKey(requestIds, await listLevelsOfRequests(db, requestIds), (row) => row.ownerId),
    ),
    levelsByPolicyId: new DataLoader<string, LevelRow[]>(async (policyIds) =>
      groupByKey(policyIds, await listLevelsOfPolicies(db, policyIds), (row) => row.ownerId),
    ),
    policyById: new DataLoader<string, PolicyRow | null>(async (ids) => batchByKey(ids, await findPoliciesByIds(db, ids), (row) => row.id)),
    policyByCode: new DataLoader<string, PolicyRow | null>(async (codes) =>
      batchByKey(codes, await findPoliciesByCodes(db, codes), (row) => row.code),
    ),
    delegationById: new DataLoader<string, DelegationRow | null>(async (ids) =>
      batchByKey(ids, await findDelegationsByIds(db, ids), (row) => row.id),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
