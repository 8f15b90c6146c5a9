import type { Actor, Queryable } from '@inventory/platform';
import { insertApprovalRequest, type ApprovalRequestRow, type NewApprovalRequest } from '../db/approval-requests.ts';
import { insertRequestLevels, listLevelsOfPolicies } from '../db/levels.ts';
import { listActivePolicies } from '../db/policies.ts';
import { planRequest, selectPolicy, type SubjectFacts } from '../domain/policies.ts';
import { audit } from './audit.ts';

/**
 * Opens a request in `tx` under the policy that matches `facts`: copies the
 * policy's levels onto it and audits it. Returns null when the movement
 * already has a request (nothing is written then).
 */
export async function openRequest(
  tx: Queryable,
  actor: Actor,
  facts: SubjectFacts,
  request: Omit<NewApprovalRequest, 'policyId' | 'requiredLevels' | 'dueAt' | 'expiresAt'>,
  now: Date,
): Promise<ApprovalRequestRow | null> {
  const policy = selectPolicy(await listActivePolicies(tx, facts.subjectKind), facts);
  const levels = policy === null ? [] : await listLevelsOfPolicies(tx, [policy.id]);
  const plan = planRequest(policy, levels, now);
  const row = await insertApprovalRequest(tx, {
    ...request,
    policyId: plan.policyId,
    requiredLevels: plan.requiredLevels,
    dueAt: plan.dueAt,
    expiresAt: plan.expiresAt,
  });
  if (row === null) return null;
  await insertRequestLevels(tx, row.id, plan.levels);
  await audit(tx, actor, 'approval_request.opened', 'ApprovalRequest', row.id, null, { ...row, levels: plan.levels });
  return row;
}
