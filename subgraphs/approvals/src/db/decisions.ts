import type { Queryable } from '@inventory/platform';

/** A decision as it is taken: what `insertDecision` writes. */
/** An `approvals.decision` row as the resolvers see it. */
export interface DecisionRow extends NewDecision {
  readonly id: string;
  readonly decidedAt: Date;
}

const COLUMNS = `
  d.id, d.request_id AS "requestId", d.level, d.decision, d.comment, d.decided_by AS "decidedBy",
  d.on_behalf_of AS "onBehalfOf", d.delegation_id AS "delegationId", d.decided_at AS "decidedAt"`;

/** Decisions taken on these requests, by request then level: one statement for any number of requests. */
export function listDecisionsOfRequests(db: Queryable, requestIds: readonly string[]): Promise<DecisionRow[]> {
  return db.query(
    'listDecisionsOfRequests',
    `SELECT ${COLUMNS} FROM approvals.decision d
     WHERE d.request_id = ANY($1::bigint[])
     ORDER BY d.request_id, d.level`,
    [requestIds],
  );
}

export interface NewDecision {
  readonly requestId: string;
  readonly level: number;
  readonly decision: 'APPROVE' | 'REJECT';
  readonly comment: string | null;
  readonly decidedBy: string;
  readonly onBehalfOf: string | null;
  readonly delegationId: string | null;
}

/** Records one decision; the unique (request, level) key refuses a second decision at the same level. */
export async function insertDecision(tx: Queryable, decision: NewDecision): Promise<DecisionRow> {
  const [row] = await tx.query<DecisionRow>(
    'insertDecision',
    `INSERT INTO approvals.decision AS d (request_id, level, decision, comment, decided_by, on_behalf_of, delegation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING ${COLUMNS}`,
    [decision.requestId, decision.level, decision.decision, decision.comment, decision.decidedBy, decision.onBehalfOf, decision.delegationId],
  );
  return row!;
}
