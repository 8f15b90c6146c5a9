import type { Queryable } from '@inventory/platform';

/** An `approvals.decision` row as the resolvers see it. */
export interface DecisionRow {
  readonly id: string;
  readonly requestId: string;
  readonly level: number;
  readonly decision: 'APPROVE' | 'REJECT';
  readonly comment: string | null;
  readonly decidedBy: string;
  readonly decidedAt: Date;
}

const COLUMNS = `
  d.id, d.request_id AS "requestId", d.level, d.decision, d.comment, d.decided_by AS "decidedBy", d.decided_at AS "decidedAt"`;

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
