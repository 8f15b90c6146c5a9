import DataLoader from 'dataloader';
import { batchByKey, groupByKey, type Queryable } from '@inventory/platform';
import {
  findApprovalRequestsByIds,
  findApprovalRequestsByMovementIds,
  listPendingApprovalRequestsOfAssets,
  type ApprovalRequestRow,
} from './db/approval-requests.ts';
import { listDecisionsOfRequests, type DecisionRow } from './db/decisions.ts';

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
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
