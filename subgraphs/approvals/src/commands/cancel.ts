import { hasRole, publishEvent, userError, type Database } from '@inventory/platform';
import { lockApprovalRequest, transitionApprovalRequest } from '../db/approval-requests.ts';
import { DECIDED_TOPIC, decidedEventPayload } from '../events/published.ts';
import { closed, isOpen } from '../domain/decision.ts';
import { audit, type Actor } from './audit.ts';
import type { Result } from './decide.ts';

/**
 * Withdraws an open request (final) and publishes `approvals.request.decided`
 * with outcome `CANCELLED` in the same transaction. Only the requester or
 * an admin may cancel.
 */
export function cancelApprovalRequest(db: Database, actor: Actor, input: { requestId: string; reason: string | null }, now = new Date()): Promise<Result> {
  return db.transaction(async (tx) => {
    const request = await lockApprovalRequest(tx, input.requestId);
    const field = ['input', 'requestId'];
    if (request === null) return { request: null, userErrors: [userError('NOT_FOUND', `No approval request has id ${input.requestId}.`, field)] };
    if (request.requestedBy !== actor.caller.subject && !hasRole(actor.caller, 'admin')) {
      return { request: null, userErrors: [userError('NOT_OWNER', `Only ${request.requestedBy}, who raised request ${request.id}, or an admin may cancel it.`, field)] };
    }
    if (!isOpen(request.status)) {
      return { request: null, userErrors: [userError('INVALID_TRANSITION', `Request ${request.id} is already ${request.status.toLowerCase()}; it cannot be cancelled.`, field)] };
    }
    const next = closed(request, 'CANCELLED', now);
    const updated = await transitionApprovalRequest(tx, { id: request.id, fromStatus: request.status, fromLevel: request.currentLevel, ...next });
    if (updated === null) throw new Error(`approval request ${request.id} changed under its row lock`);
    await audit(tx, actor, 'approval_request.cancelled', 'ApprovalRequest', request.id, request, { ...updated, reason: input.reason });
    await publishEvent(tx, {
      topic: DECIDED_TOPIC,
      payload: decidedEventPayload(updated, 'CANCELLED', actor.caller.subject, input.reason),
      producer: 'approvals',
      requestId: actor.requestId,
    });
    return { request: updated, userErrors: [] };
  });
}
