import { recordAudit, type Actor, type Queryable } from '@inventory/platform';

/**
 * The catalog entities that keep an audit trail, each named as its GraphQL
 * type: the `entity_type` every audit row of the catalog carries.
 */
export type AuditEntityType = 'PartNumber' | 'Asset' | 'AssetModel' | 'AssetCategory' | 'SpecVersion' | 'Supplier' | 'SupplierOffer';

/** A `catalog.audit_event` row as the resolvers see it. */
export interface AuditEventRow {
  readonly id: string;
  readonly entityType: AuditEntityType;
  readonly entityId: string;
  readonly occurredAt: Date;
  readonly action: string;
  readonly actor: string;
  readonly actorRoles: readonly string[];
  readonly requestId: string;
  readonly before: unknown;
  readonly after: unknown;
}

const COLUMNS = `
  e.id, e.entity_type AS "entityType", e.entity_id AS "entityId", e.occurred_at AS "occurredAt", e.action, e.actor,
  e.actor_roles AS "actorRoles", e.request_id AS "requestId", e.before, e.after`;

/** Up to `limit` newest audit events of each entity of one type, before the id `beforeId`. */
export function listAuditEventsOfEntities(
  db: Queryable,
  entityType: AuditEntityType,
  entityIds: readonly string[],
  limit: number,
  beforeId: string | null,
): Promise<AuditEventRow[]> {
  return db.query(
    'listAuditEventsOfEntities',
    `SELECT page.* FROM unnest($2::text[]) AS parent(id)
     CROSS JOIN LATERAL (
       SELECT ${COLUMNS} FROM catalog.audit_event e
       WHERE e.entity_type = $1 AND e.entity_id = parent.id AND ($3::bigint IS NULL OR e.id < $3)
       ORDER BY e.id DESC LIMIT $4
     ) AS page`,
    [entityType, entityIds, beforeId, limit],
  );
}

/** Number of audit events of each entity of one type that has any. */
export function countAuditEventsOfEntities(db: Queryable, entityType: AuditEntityType, entityIds: readonly string[]): Promise<{ entityId: string; count: number }[]> {
  return db.query(
    'countAuditEventsOfEntities',
    `SELECT e.entity_id AS "entityId", count(*)::int AS count FROM catalog.audit_event e
     WHERE e.entity_type = $1 AND e.entity_id = ANY($2::text[]) GROUP BY e.entity_id`,
    [entityType, entityIds],
  );
}

/** A row as the audit trail keeps it: without the fields that only serve a list's ordering. */
export function auditView<Row extends object>(row: Row): Omit<Row, 'searchScore' | 'sortKey' | 'sortKeys'> {
  const { searchScore: _score, sortKey: _key, sortKeys: _keys, ...rest } = row as Row & { searchScore?: unknown; sortKey?: unknown; sortKeys?: unknown };
  return rest;
}

/** One change of a catalog entity, as its audit record tells it. */
export interface CatalogChange {
  /** What was done, e.g. `asset.status_changed`. */
  readonly action: string;
  readonly entityType: AuditEntityType;
  readonly entityId: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * Records `change`, made by `actor`, in the catalog's audit trail. Call it
 * with the transaction that makes the change, so the change and its record
 * commit or roll back together.
 */
export function recordCatalogAudit(tx: Queryable, actor: Actor, change: CatalogChange): Promise<void> {
  return recordAudit(tx, 'catalog', { ...change, caller: actor.caller, requestId: actor.requestId });
}
