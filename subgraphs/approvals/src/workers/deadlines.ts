import { randomUUID } from 'node:crypto';
import { PeriodicTask, type Logger, type TransactionalDb } from '@inventory/platform';
import { lockExpiredApprovalRequests, lockOverdueEscalatableRequests, transitionApprovalRequest } from '../db/approval-requests.ts';
import { listLevelsOfRequests } from '../db/levels.ts';
import { publishRequestDecided } from '../events/published.ts';
import { closed } from '../domain/decision.ts';
import { dueAtFor, ruleAt } from '../domain/levels.ts';
import { audit, SYSTEM_CALLER } from '../commands/audit.ts';

/** What one pass of the deadline worker changed. */
export interface DeadlineRun {
  readonly expired: readonly string[];
  readonly escalated: readonly string[];
}

const BATCH = 100;

/**
 * Expires open requests past their final deadline (publishing
 * `approvals.request.decided` with outcome `EXPIRED`) and escalates pending
 * ones past their level's due time whose level names an escalation target.
 * Safe in several processes: each batch locks its rows with `SKIP LOCKED`,
 * and decisions lock the same rows, so a request is never both decided and
 * expired.
 */
export async function runDeadlines(db: TransactionalDb, now: Date = new Date()): Promise<DeadlineRun> {
  const expired: string[] = [];
  const escalated: string[] = [];
  for (;;) {
    const ids = await expireBatch(db, now);
    expired.push(...ids);
    if (ids.length < BATCH) break;
  }
  for (;;) {
    const ids = await escalateBatch(db, now);
    escalated.push(...ids);
    if (ids.length < BATCH) break;
  }
  return { expired, escalated };
}

function expireBatch(db: TransactionalDb, now: Date): Promise<string[]> {
  return db.transaction(async (tx) => {
    const actor = { caller: SYSTEM_CALLER, requestId: `deadline-worker-${randomUUID()}` };
    const done: string[] = [];
    for (const request of await lockExpiredApprovalRequests(tx, now, BATCH)) {
      const updated = await transitionApprovalRequest(tx, { id: request.id, fromStatus: request.status, fromLevel: request.currentLevel, ...closed(request, 'EXPIRED', now) });
      if (updated === null) continue;
      await audit(tx, actor, 'approval_request.expired', 'ApprovalRequest', request.id, request, updated);
      await publishRequestDecided(tx, actor, updated, 'EXPIRED', `Not decided before ${request.expiresAt?.toISOString()}.`);
      done.push(request.id);
    }
    return done;
  });
}

function escalateBatch(db: TransactionalDb, now: Date): Promise<string[]> {
  return db.transaction(async (tx) => {
    const actor = { caller: SYSTEM_CALLER, requestId: `deadline-worker-${randomUUID()}` };
    const requests = await lockOverdueEscalatableRequests(tx, now, BATCH);
    if (requests.length === 0) return [];
    const levels = await listLevelsOfRequests(tx, requests.map((request) => request.id));
    const done: string[] = [];
    for (const request of requests) {
      const rule = ruleAt(levels.filter((level) => level.ownerId === request.id), request.currentLevel);
      const updated = await transitionApprovalRequest(tx, {
        id: request.id,
        fromStatus: request.status,
        fromLevel: request.currentLevel,
        status: 'ESCALATED',
        currentLevel: request.currentLevel,
        // The escalation target gets a fresh SLA of the level's length.
        dueAt: dueAtFor(rule, now),
        escalatedAt: now,
        decidedAt: null,
      });
      if (updated === null) continue;
      await audit(tx, actor, 'approval_request.escalated', 'ApprovalRequest', request.id, request, {
        ...updated,
        escalatedTo: { role: rule.escalateToRole, people: rule.escalateTo },
      });
      done.push(request.id);
    }
    return done;
  });
}

/**
 * Runs `runDeadlines` every `intervalMs` on platform's periodic task, and
 * once as soon as it starts: deadlines may have passed while the process was
 * down. A failing pass is logged and the next one tries again.
 */
export function createDeadlineWorker(db: TransactionalDb, logger: Logger, intervalMs = 60_000): PeriodicTask<DeadlineRun> {
  return new PeriodicTask({
    name: 'approval deadline worker',
    intervalMs,
    firstRun: 'immediately',
    run: async () => {
      const run = await runDeadlines(db);
      if (run.expired.length + run.escalated.length > 0) logger.info('approval deadlines applied', { expired: run.expired.length, escalated: run.escalated.length });
      return run;
    },
    logger,
  });
}
