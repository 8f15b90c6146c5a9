import { recordAudit, type Actor, type Queryable } from '@inventory/platform';
import type { ResolversTypes } from '../generated/resolvers.ts';

/**
 * What the CMDB's audit trail names a changed entity by: its GraphQL type
 * name, spelled as the schema spells it. A name the schema lacks drops out of
 * the union, so a misspelling does not compile.
 */
type AuditedEntityType = Extract<
  keyof ResolversTypes,
  'CiType' | 'CiTypeVersion' | 'ConfigurationItem' | 'Relationship' | 'RelationshipType' | 'Service' | 'ServiceMember'
>;

/** Records one change in the CMDB's audit trail, in the transaction making it. */
export function audit(
  tx: Queryable,
  actor: Actor,
  entry: { action: string; entityType: AuditedEntityType; entityId: string; before: unknown; after: unknown },
): Promise<void> {
  return recordAudit(tx, 'cmdb', { ...entry, caller: actor.caller, requestId: actor.requestId });
}
