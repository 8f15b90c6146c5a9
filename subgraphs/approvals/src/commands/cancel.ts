import { hasRole, refuse, runCommand, type Actor, type CommandResult, type TransactionalDb } from '@inventory/platform';
import { lockApprovalRequest, transitionApprovalRequest, type ApprovalRequestRow } from '../db/approval-requests.ts';
import { publishRequestDecided } from '../events/published.ts';
import { closed, isOpen } from '../domain/decision.ts';
import { audit } from './audit.ts';

/**
 * Withdraws an open request (final) and publishes `approvals.request.decided`
 * with outcome `CANCELLED` in the same transaction. Only the requester or
 * an admin may cancel.
 */
export function cancelApprovalRequest(
  db: TransactionalDb,
  actor: Actor,
  input: { requestId: string; reason: string | null },
  now = new Date(),
): Promise<CommandResult<ApprovalRequestRow>> {
  return runCommand(db, async (tx) => {
    const request = await lockApprovalRequest(tx, input.requestId);
    const field = ['input', 'requestId'];
    if (request === null) refuse('NOT_FOUND', `No approval request has id ${input.requestId}.`, field);
    if (request.requestedBy !== actor.caller.subject && !hasRole(actor.caller, 'admin')) {
      refuse('NOT_OWNER', `Only ${request.requestedBy}, who raised request ${request.id}, or an admin may cancel it.`, field);
    }
    if (!isOpen(request.status)) {
      refuse('INVALID_TRANSITION', `Request ${request.id} is already ${request.status.toLowerCase()}; it cannot be cancelled.`, field);
    }
    const next = closed(request, 'CANCELLED', now);
    const updated = await transitionApprovalRequest(tx, { id: request.id, fromStatus: request.status, fromLevel: request.currentLevel, ...next });
    if (updated === null) throw new Error(`approval request ${request.id} changed under its row lock`);
    await audit(tx, actor, 'approval_request.cancelled', 'ApprovalRequest', request.id, request, { ...updated, reason: input.reason });
    await publishRequestDecided(tx, actor, updated, 'CANCELLED', input.reason);
    return updated;
  });
}
