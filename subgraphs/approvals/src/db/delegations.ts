import type { Queryable } from '@inventory/platform';

/** An `approvals.delegation` row as the resolvers see it. */
export interface DelegationRow {
  readonly id: string;
  readonly delegator: string;
  readonly delegate: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly reason: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/** An approver whose authority reaches a person through a chain of delegations in force. */
export interface DelegatedAuthority {
  /** The approver at the start of the chain. */
  readonly delegator: string;
  /** The delegation that approver granted (the chain's first link). */
  readonly delegationId: string;
  /** From the approver to the person: `[delegator, …, person]`. */
  readonly chain: readonly string[];
}

const COLUMNS = `
  d.id, d.delegator, d.delegate, d.starts_at AS "startsAt", d.ends_at AS "endsAt", d.reason,
  d.created_by AS "createdBy", d.created_at AS "createdAt", d.revoked_at AS "revokedAt"`;

export interface DelegationFilter {
  readonly delegator: string | null;
  readonly delegate: string | null;
  readonly activeAt: Date | null;
}

const FILTER = `
  ($1::text IS NULL OR d.delegator = $1)
  AND ($2::text IS NULL OR d.delegate = $2)
  AND ($3::timestamptz IS NULL OR (d.revoked_at IS NULL AND d.starts_at <= $3 AND d.ends_at > $3))`;

/** One page of delegations, newest first, before the id `beforeId`. */
export function listDelegations(db: Queryable, filter: DelegationFilter, limit: number, beforeId: string | null): Promise<DelegationRow[]> {
  return db.query(
    'listDelegations',
    `SELECT ${COLUMNS} FROM approvals.delegation d
     WHERE ${FILTER} AND ($4::bigint IS NULL OR d.id < $4)
     ORDER BY d.id DESC
     LIMIT $5`,
    [filter.delegator, filter.delegate, filter.activeAt, beforeId, limit],
  );
}

/** How many delegations match `filter`. */
export async function countDelegations(db: Queryable, filter: DelegationFilter): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    'countDelegations',
    `SELECT count(*)::int AS count FROM approvals.delegation d WHERE ${FILTER}`,
    [filter.delegator, filter.delegate, filter.activeAt],
  );
  return row?.count ?? 0;
}

/**
 * Every approver whose authority reaches `person` at `at` through at most
 * `maxDepth` delegations in force, nearest first. Chains never revisit a
 * person, so a cycle that slipped in cannot loop.
 */
export function findDelegatedAuthorities(db: Queryable, person: string, at: Date, maxDepth: number): Promise<DelegatedAuthority[]> {
  return db.query(
    'findDelegatedAuthorities',
    `WITH RECURSIVE chain (delegator, delegation_id, depth, path) AS (
       SELECT d.delegator, d.id, 1, ARRAY[d.delegator, d.delegate]
       FROM approvals.delegation d
       WHERE d.delegate = $1 AND d.revoked_at IS NULL AND d.starts_at <= $2 AND d.ends_at > $2
       UNION ALL
       SELECT d.delegator, d.id, c.depth + 1, d.delegator || c.path
       FROM chain c
       JOIN approvals.delegation d ON d.delegate = c.delegator AND d.revoked_at IS NULL AND d.starts_at <= $2 AND d.ends_at > $2
       WHERE c.depth < $3 AND d.delegator <> ALL(c.path)
     )
     SELECT c.delegator, c.delegation_id::text AS "delegationId", c.path AS chain FROM chain c ORDER BY c.depth, c.delegator`,
    [person, at, maxDepth],
  );
}

/**
 * Whether `from` already delegates, directly or through others, to `to`
 * during some part of [`startsAt`, `endsAt`): adding `to` -> `from` would then close a cycle.
 */
export async function delegationPathExists(
  db: Queryable,
  from: string,
  to: string,
  startsAt: Date,
  endsAt: Date,
  maxDepth: number,
): Promise<boolean> {
  const [row] = await db.query<{ exists: boolean }>(
    'delegationPathExists',
    `WITH RECURSIVE reach (person, depth, path) AS (
       SELECT $1::text, 0, ARRAY[$1::text]
       UNION ALL
       SELECT d.delegate, r.depth + 1, r.path || d.delegate
       FROM reach r
       JOIN approvals.delegation d ON d.delegator = r.person AND d.revoked_at IS NULL AND d.starts_at < $4 AND d.ends_at > $3
       WHERE r.depth < $5 AND d.delegate <> ALL(r.path)
     )
     SELECT EXISTS (SELECT 1 FROM reach WHERE person = $2) AS exists`,
    [from, to, startsAt, endsAt, maxDepth],
  );
  return row?.exists ?? false;
}

/** Whether `delegator` already has a delegation in force during part of [`startsAt`, `endsAt`). */
export async function overlappingDelegationExists(db: Queryable, delegator: string, startsAt: Date, endsAt: Date): Promise<boolean> {
  const [row] = await db.query<{ exists: boolean }>(
    'overlappingDelegationExists',
    `SELECT EXISTS (
       SELECT 1 FROM approvals.delegation d
       WHERE d.delegator = $1 AND d.revoked_at IS NULL AND d.starts_at < $3 AND d.ends_at > $2
     ) AS exists`,
    [delegator, startsAt, endsAt],
  );
  return row?.exists ?? false;
}

/** Serialises delegation writes, so two concurrent delegations cannot form a cycle or overlap unseen. */
export async function lockDelegations(tx: Queryable): Promise<void> {
  await tx.query('lockDelegations', `SELECT pg_advisory_xact_lock(hashtextextended('approvals.delegation', 0))`);
}

/** Inserts a delegation. */
export async function insertDelegation(
  tx: Queryable,
  delegation: { delegator: string; delegate: string; startsAt: Date; endsAt: Date; reason: string | null; createdBy: string },
): Promise<DelegationRow> {
  const [row] = await tx.query<DelegationRow>(
    'insertDelegation',
    `INSERT INTO approvals.delegation AS d (delegator, delegate, starts_at, ends_at, reason, created_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${COLUMNS}`,
    [delegation.delegator, delegation.delegate, delegation.startsAt, delegation.endsAt, delegation.reason, delegation.createdBy],
  );
  return row!;
}

/** One delegation, locked until the transaction ends. */
export async function lockDelegation(tx: Queryable, id: string): Promise<DelegationRow | null> {
  const [row] = await tx.query<DelegationRow>('lockDelegation', `SELECT ${COLUMNS} FROM approvals.delegation d WHERE d.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/** Delegations with these ids, in no particular order. */
export function findDelegationsByIds(db: Queryable, ids: readonly string[]): Promise<DelegationRow[]> {
  return db.query('findDelegationsByIds', `SELECT ${COLUMNS} FROM approvals.delegation d WHERE d.id = ANY($1::bigint[])`, [ids]);
}

/** Marks a delegation revoked at `at`. */
export async function revokeDelegation(tx: Queryable, id: string, at: Date): Promise<DelegationRow> {
  const [row] = await tx.query<DelegationRow>(
    'revokeDelegation',
    `UPDATE approvals.delegation d SET revoked_at = $2 WHERE d.id = $1 RETURNING ${COLUMNS}`,
    [id, at],
  );
  return row!;
}
