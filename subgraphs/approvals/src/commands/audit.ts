import { recordAudit, type Actor, type Caller, type Queryable } from '@inventory/platform';

/** The identity background work (event consumers, the deadline worker) records in the audit trail. */
export const SYSTEM_CALLER: Caller = { subject: 'system:approvals', roles: [] };

/** The approvals entities the audit trail records, by their GraphQL type names. */
export type AuditedType = 'ApprovalRequest' | 'ApprovalPolicy' | 'ApprovalDelegation';

/** Records one change to an approvals entity in the transaction that makes it. */
export function audit(tx: Queryable, actor: Actor, action: string, entityType: AuditedType, entityId: string, before: unknown, after: unknown) {
  return recordAudit(tx, 'approvals', { action, entityType, entityId, before, after, caller: actor.caller, requestId: actor.requestId });
}
