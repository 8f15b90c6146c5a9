import type { Queryable } from '@inventory/platform';

export type ApproverRoleValue = 'approver' | 'admin';

/** Who may decide one level: a row of `approvals.request_level` or `approvals.policy_level`. */
export interface LevelRow {
  /** The request or policy the level belongs to. */
  readonly ownerId: string;
  readonly ownerType: 'ApprovalRequest' | 'ApprovalPolicy';
  readonly level: number;
  readonly approverRole: ApproverRoleValue | null;
  readonly approvers: readonly string[];
  readonly slaHours: number | null;
  readonly escalateToRole: ApproverRoleValue | null;
  readonly escalateTo: readonly string[];
}

export type LevelDefinition = Omit<LevelRow, 'ownerId' | 'ownerType' | 'level'>;

const COLUMNS = `
  l.level, l.approver_role AS "approverRole", l.approvers, l.sla_hours AS "slaHours",
  l.escalate_to_role AS "escalateToRole", l.escalate_to AS "escalateTo"`;

const LEVEL_VALUES = (levels: readonly LevelDefinition[]) => JSON.stringify(
  levels.map((level, index) => ({ ...level, level: index + 1 })),
);

const RECORDSET = `jsonb_to_recordset($2::jsonb) AS x(level integer, "approverRole" text, approvers text[], "slaHours" integer,
  "escalateToRole" text, "escalateTo" text[])`;

/** The levels of these requests, by request then level: one statement for any number of requests. */
export function listLevelsOfRequests(db: Queryable, requestIds: readonly string[]): Promise<LevelRow[]> {
  return db.query(
    'listLevelsOfRequests',
    `SELECT l.request_id AS "ownerId", 'ApprovalRequest' AS "ownerType", ${COLUMNS} FROM approvals.request_level l
     WHERE l.request_id = ANY($1::bigint[]) ORDER BY l.request_id, l.level`,
    [requestIds],
  );
}

/** The levels of these policies, by policy then level: one statement for any number of policies. */
export function listLevelsOfPolicies(db: Queryable, policyIds: readonly string[]): Promise<LevelRow[]> {
  return db.query(
    'listLevelsOfPolicies',
    `SELECT l.policy_id AS "ownerId", 'ApprovalPolicy' AS "ownerType", ${COLUMNS} FROM approvals.policy_level l
     WHERE l.policy_id = ANY($1::bigint[]) ORDER BY l.policy_id, l.level`,
    [policyIds],
  );
}

/** Copies `levels` (numbered from 1 in order) onto a request. */
export async function insertRequestLevels(tx: Queryable, requestId: string, levels: readonly LevelDefinition[]): Promise<void> {
  if (levels.length === 0) return;
  await tx.query(
    'insertRequestLevels',
    `INSERT INTO approvals.request_level (request_id, level, approver_role, approvers, sla_hours, escalate_to_role, escalate_to)
     SELECT $1, x.level, x."approverRole", coalesce(x.approvers, '{}'), x."slaHours", x."escalateToRole", coalesce(x."escalateTo", '{}')
     FROM ${RECORDSET}`,
    [requestId, LEVEL_VALUES(levels)],
  );
}

/** Removes every level of a policy (before `insertPolicyLevels` writes the new list). */
export async function deletePolicyLevels(tx: Queryable, policyId: string): Promise<void> {
  await tx.query('deletePolicyLevels', `DELETE FROM approvals.policy_level WHERE policy_id = $1`, [policyId]);
}

/** Writes `levels` (numbered from 1 in order) for a policy that has none. */
export async function insertPolicyLevels(tx: Queryable, policyId: string, levels: readonly LevelDefinition[]): Promise<void> {
  await tx.query(
    'insertPolicyLevels',
    `INSERT INTO approvals.policy_level (policy_id, level, approver_role, approvers, sla_hours, escalate_to_role, escalate_to)
     SELECT $1, x.level, x."approverRole", coalesce(x.approvers, '{}'), x."slaHours", x."escalateToRole", coalesce(x."escalateTo", '{}')
     FROM ${RECORDSET}`,
    [policyId, LEVEL_VALUES(levels)],
  );
}
