import type { Queryable } from '@inventory/platform';

export type Criticality = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';

/** A `cmdb.service` row as the resolvers see it. */
export interface ServiceRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly criticality: Criticality;
  readonly ownerTeam: string | null;
  readonly status: 'ACTIVE' | 'RETIRED';
  readonly description: string | null;
  readonly sla: string | null;
  readonly createdAt: Date;
  /** Position of the criticality, 1 for CRITICAL: the first key of the services list order. */
  readonly rank: number;
}

/** A service together with the member configuration item it was found through. */
export interface ServiceMembershipRow extends ServiceRow {
  readonly ciId: string;
}

/** A `cmdb.service_member` row. */
export interface ServiceMemberRow {
  readonly serviceId: string;
  readonly ciId: string;
  readonly role: string | null;
  readonly addedAt: Date;
}

const MEMBER_COLUMNS = `m.service_id AS "serviceId", m.ci_id AS "ciId", m.role, m.added_at AS "addedAt"`;

const RANK = `array_position(ARRAY['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'], s.criticality)`;
const COLUMNS = `s.id, s.code, s.name, s.criticality, s.owner_team AS "ownerTeam", s.status, s.description, s.sla,
  s.created_at AS "createdAt", ${RANK} AS rank`;

/**
 * The active services each of these configuration items is a member of, most
 * critical first, then by code: one statement for any number of items.
 */
export function findServicesOfConfigurationItems(db: Queryable, ciIds: readonly string[]): Promise<ServiceMembershipRow[]> {
  return db.query(
    'findServicesOfConfigurationItems',
    `SELECT m.ci_id AS "ciId", ${COLUMNS}
     FROM cmdb.service_member m
     JOIN cmdb.service s ON s.id = m.service_id
     WHERE m.ci_id = ANY($1::bigint[]) AND s.status = 'ACTIVE'
     ORDER BY ${RANK}, s.code`,
    [ciIds],
  );
}

/** Services with these ids, in no particular order. */
export function findServicesByIds(db: Queryable, ids: readonly string[]): Promise<ServiceRow[]> {
  return db.query('findServicesByIds', `SELECT ${COLUMNS} FROM cmdb.service s WHERE s.id = ANY($1::bigint[])`, [ids]);
}

/** Services with these codes, in no particular order. */
export function findServicesByCodes(db: Queryable, codes: readonly string[]): Promise<ServiceRow[]> {
  return db.query('findServicesByCodes', `SELECT ${COLUMNS} FROM cmdb.service s WHERE s.code = ANY($1::text[])`, [codes]);
}

export interface ServiceFilter {
  readonly criticality?: readonly string[] | null;
  readonly status?: readonly string[] | null;
}

const FILTER = `($1::text[] IS NULL OR s.criticality = ANY($1)) AND ($2::text[] IS NULL OR s.status = ANY($2))`;

/** One page of services, most critical first then by code, after the keyset (`rank`, `code`). */
export function listServices(
  db: Queryable,
  filter: ServiceFilter,
  limit: number,
  after: readonly [number, string] | null,
): Promise<ServiceRow[]> {
  return db.query(
    'listServices',
    `SELECT ${COLUMNS} FROM cmdb.service s
     WHERE ${FILTER} AND ($3::int IS NULL OR (${RANK}, s.code) > ($3, $4::text))
     ORDER BY ${RANK}, s.code
     LIMIT $5`,
    [filter.criticality ?? null, filter.status ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
  );
}

/** How many services match `filter`. */
export async function countServices(db: Queryable, filter: ServiceFilter): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    'countServices',
    `SELECT count(*)::int AS count FROM cmdb.service s WHERE ${FILTER}`,
    [filter.criticality ?? null, filter.status ?? null],
  );
  return row?.count ?? 0;
}

/** The members of these services, ordered by item code within a service. */
export function findMembersOfServices(db: Queryable, serviceIds: readonly string[]): Promise<ServiceMemberRow[]> {
  return db.query(
    'findMembersOfServices',
    `SELECT ${MEMBER_COLUMNS}
     FROM cmdb.service_member m
     JOIN cmdb.configuration_item c ON c.id = m.ci_id
     WHERE m.service_id = ANY($1::bigint[])
     ORDER BY m.service_id, c.code`,
    [serviceIds],
  );
}

/** The stored fields of a service. */
export type ServiceFields = Pick<ServiceRow, 'name' | 'criticality' | 'ownerTeam' | 'sla' | 'description' | 'status'>;

/** Inserts a service; raises 23505 on `service_code_key`. */
export async function insertService(tx: Queryable, service: ServiceFields & { code: string }): Promise<ServiceRow> {
  const [row] = await tx.query<ServiceRow>(
    'insertService',
    `INSERT INTO cmdb.service AS s (code, name, criticality, owner_team, sla, description, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
    [service.code, service.name, service.criticality, service.ownerTeam, service.sla, service.description, service.status],
  );
  return row!;
}

/** One service, locked until the transaction ends. */
export async function lockService(tx: Queryable, id: string): Promise<ServiceRow | null> {
  const [row] = await tx.query<ServiceRow>('lockService', `SELECT ${COLUMNS} FROM cmdb.service s WHERE s.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/** Rewrites a service's changeable fields. */
export async function updateService(tx: Queryable, id: string, service: ServiceFields): Promise<ServiceRow> {
  const [row] = await tx.query<ServiceRow>(
    'updateService',
    `UPDATE cmdb.service AS s SET name = $2, criticality = $3, owner_team = $4, sla = $5, description = $6, status = $7
     WHERE s.id = $1 RETURNING ${COLUMNS}`,
    [id, service.name, service.criticality, service.ownerTeam, service.sla, service.description, service.status],
  );
  return row!;
}

/** One membership, locked until the transaction ends; null when the item is not a member. */
export async function lockServiceMember(tx: Queryable, serviceId: string, ciId: string): Promise<ServiceMemberRow | null> {
  const [row] = await tx.query<ServiceMemberRow>(
    'lockServiceMember',
    `SELECT ${MEMBER_COLUMNS} FROM cmdb.service_member m WHERE m.service_id = $1 AND m.ci_id = $2 FOR UPDATE`,
    [serviceId, ciId],
  );
  return row ?? null;
}

/** Adds a member, or changes its role when it already is one. */
export async function upsertServiceMember(tx: Queryable, member: { serviceId: string; ciId: string; role: string | null }): Promise<ServiceMemberRow> {
  const [row] = await tx.query<ServiceMemberRow>(
    'upsertServiceMember',
    `INSERT INTO cmdb.service_member AS m (service_id, ci_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (service_id, ci_id) DO UPDATE SET role = EXCLUDED.role
     RETURNING ${MEMBER_COLUMNS}`,
    [member.serviceId, member.ciId, member.role],
  );
  return row!;
}

/** Removes a member; returns the membership removed, or null when there was none. */
export async function deleteServiceMember(tx: Queryable, serviceId: string, ciId: string): Promise<ServiceMemberRow | null> {
  const [row] = await tx.query<ServiceMemberRow>(
    'deleteServiceMember',
    `DELETE FROM cmdb.service_member m WHERE m.service_id = $1 AND m.ci_id = $2
     RETURNING ${MEMBER_COLUMNS}`,
    [serviceId, ciId],
  );
  return row ?? null;
}
