import type { Queryable } from '@inventory/platform';

/** A `cmdb.service` row as the resolvers see it. */
export interface ServiceRow {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly criticality: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  readonly ownerTeam: string | null;
  readonly status: 'ACTIVE' | 'RETIRED';
}

/** A service together with the member configuration item it was found through. */
export interface ServiceMembershipRow extends ServiceRow {
  readonly ciId: string;
}

/**
 * The active services each of these configuration items is a member of, most
 * critical first, then by code: one statement for any number of items.
 */
export function findServicesOfConfigurationItems(db: Queryable, ciIds: readonly string[]): Promise<ServiceMembershipRow[]> {
  return db.query(
    'findServicesOfConfigurationItems',
    `SELECT m.ci_id AS "ciId", s.id, s.code, s.name, s.criticality, s.owner_team AS "ownerTeam", s.status
     FROM cmdb.service_member m
     JOIN cmdb.service s ON s.id = m.service_id
     WHERE m.ci_id = ANY($1::bigint[]) AND s.status = 'ACTIVE'
     ORDER BY array_position(ARRAY['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'], s.criticality), s.code`,
    [ciIds],
  );
}
