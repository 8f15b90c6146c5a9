import type { Caller } from './caller.ts';
import type { Queryable } from './database.ts';

/** The Postgres schemas that keep an audit trail, one per owner. */
export type AuditSchema = 'catalog' | 'stock' | 'cmdb' | 'approvals' | 'gateway';

export interface AuditEntry {
  /** What was done, e.g. `asset.status_changed`. */
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly caller: Caller;
  readonly requestId: string;
}

const SCHEMAS: readonly AuditSchema[] = ['catalog', 'stock', 'cmdb', 'approvals', 'gateway'];

/**
 * Writes one audit record in the owner's `audit_event` table. Call it with
 * the transaction that makes the change, so a change and its record commit
 * or roll back together.
 */
export async function recordAudit(tx: Queryable, schema: AuditSchema, entry: AuditEntry): Promise<void> {
  if (!SCHEMAS.includes(schema)) throw new Error(`no audit trail in schema ${schema}`);
  await tx.query(
    'recordAudit',
    `INSERT INTO ${schema}.audit_event (action, entity_type, entity_id, before, after, actor, actor_roles, request_id)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8)`,
    [
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      entry.caller.subject,
      entry.caller.roles,
      entry.requestId,
    ],
  );
}
