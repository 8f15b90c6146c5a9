import { recordAudit, type Actor, type Queryable } from '@inventory/platform';

/** Records one change in the CMDB's audit trail, in the transaction making it. */
export function audit(
  tx: Queryable,
  actor: Actor,
  entry: { action: string; entityType: string; entityId: string; before: unknown; after: unknown },
): Promise<void> {
  return recordAudit(tx, 'cmdb', { ...entry, caller: actor.caller, requestId: actor.requestId });
}
