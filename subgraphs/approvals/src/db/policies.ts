import type { Queryable } from '@inventory/platform';
import type { AssetAction } from './approval-requests.ts';

export type SubjectKind = 'STOCK_MOVEMENT' | 'ASSET_ACTION';

/** A policy's definition as written by `createApprovalPolicy` and `updateApprovalPolicy`. */
export interface PolicyDefinition {
  readonly name: string;
  readonly movementTypes: readonly string[] | null;
  readonly assetActions: readonly AssetAction[] | null;
  readonly minValue: string | null;
  readonly maxValue: string | null;
  readonly confidenceBelow: string | null;
  readonly priority: number;
  readonly expiresAfterHours: number | null;
}

/** An `approvals.policy` row as the resolvers see it. */
export interface PolicyRow extends PolicyDefinition {
  readonly id: string;
  readonly code: string;
  readonly subjectKind: SubjectKind;
  readonly active: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

const COLUMNS = `
  p.id, p.code, p.name, p.subject_kind AS "subjectKind", p.movement_types AS "movementTypes", p.asset_actions AS "assetActions",
  p.min_value::text AS "minValue", p.max_value::text AS "maxValue", p.confidence_below::text AS "confidenceBelow",
  p.priority, p.expires_after_hours AS "expiresAfterHours", p.active, p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

export interface PolicyFilter {
  readonly subjectKind: SubjectKind | null;
  readonly active: boolean | null;
}

const FILTER = `($1::text IS NULL OR p.subject_kind = $1) AND ($2::boolean IS NULL OR p.active = $2)`;

/** Policies with these ids, in no particular order. */
export function findPoliciesByIds(db: Queryable, ids: readonly string[]): Promise<PolicyRow[]> {
  return db.query('findPoliciesByIds', `SELECT ${COLUMNS} FROM approvals.policy p WHERE p.id = ANY($1::bigint[])`, [ids]);
}

/** Policies with these codes, in no particular order. */
export function findPoliciesByCodes(db: Queryable, codes: readonly string[]): Promise<PolicyRow[]> {
  return db.query('findPoliciesByCodes', `SELECT ${COLUMNS} FROM approvals.policy p WHERE p.code = ANY($1::text[])`, [codes]);
}

/** Active policies for one kind of subject, in the order they are tried: highest priority, then oldest. */
export function listActivePolicies(db: Queryable, subjectKind: SubjectKind): Promise<PolicyRow[]> {
  return db.query(
    'listActivePolicies',
    `SELECT ${COLUMNS} FROM approvals.policy p WHERE p.subject_kind = $1 AND p.active ORDER BY p.priority DESC, p.id`,
    [subjectKind],
  );
}

/** One page of policies, highest priority then oldest first, after the keyset (`afterPriority`, `afterId`). */
export function listPolicies(
  db: Queryable,
  filter: PolicyFilter,
  limit: number,
  after: { priority: number; id: string } | null,
): Promise<PolicyRow[]> {
  return db.query(
    'listPolicies',
    `SELECT ${COLUMNS} FROM approvals.policy p
     WHERE ${FILTER} AND ($3::integer IS NULL OR (p.priority, -p.id) < ($3, -$4::bigint))
     ORDER BY p.priority DESC, p.id
     LIMIT $5`,
    [filter.subjectKind, filter.active, after?.priority ?? null, after?.id ?? null, limit],
  );
}

/** How many policies match `filter`. */
export async function countPolicies(db: Queryable, filter: PolicyFilter): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    'countPolicies',
    `SELECT count(*)::int AS count FROM approvals.policy p WHERE ${FILTER}`,
    [filter.subjectKind, filter.active],
  );
  return row?.count ?? 0;
}

/** Inserts a policy (without its levels). Violates `policy_code_key` for a code already used. */
export async function insertPolicy(tx: Queryable, code: string, subjectKind: SubjectKind, definition: PolicyDefinition): Promise<PolicyRow> {
  const [row] = await tx.query<PolicyRow>(
    'insertPolicy',
    `INSERT INTO approvals.policy AS p
       (code, name, subject_kind, movement_types, asset_actions, min_value, max_value, confidence_below, priority, expires_after_hours)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     RETURNING ${COLUMNS}`,
    [
      code,
      definition.name,
      subjectKind,
      definition.movementTypes,
      definition.assetActions,
      definition.minValue,
      definition.maxValue,
      definition.confidenceBelow,
      definition.priority,
      definition.expiresAfterHours,
    ],
  );
  return row!;
}

/** One policy, locked until the transaction ends. */
export async function lockPolicy(tx: Queryable, id: string): Promise<PolicyRow | null> {
  const [row] = await tx.query<PolicyRow>('lockPolicy', `SELECT ${COLUMNS} FROM approvals.policy p WHERE p.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/** Replaces a policy's definition; `active` null keeps it as it is. */
export async function updatePolicy(tx: Queryable, id: string, definition: PolicyDefinition, active: boolean | null): Promise<PolicyRow> {
  const [row] = await tx.query<PolicyRow>(
    'updatePolicy',
    `UPDATE approvals.policy p
     SET name = $2, movement_types = $3, asset_actions = $4, min_value = $5, max_value = $6, confidence_below = $7,
         priority = $8, expires_after_hours = $9, active = coalesce($10, p.active), updated_at = now()
     WHERE p.id = $1
     RETURNING ${COLUMNS}`,
    [
      id,
      definition.name,
      definition.movementTypes,
      definition.assetActions,
      definition.minValue,
      definition.maxValue,
      definition.confidenceBelow,
      definition.priority,
      definition.expiresAfterHours,
      active,
    ],
  );
  return row!;
}
