import { recordAudit, refuse, Refusal, refused, runCommand, userError, type Actor, type CommandResult, type TransactionalDb, type UserError } from '@inventory/platform';
import { findAssetCopy, findPartCopy } from '../db/catalog-copies.ts';
import {
  findCountSessionsByIds,
  findDivergencesOfSessions,
  insertCountSession,
  insertDivergences,
  isWithin,
  lockCountSession,
  saveCountedQuantity,
  saveScannedAsset,
  settleDivergence,
  updateCountSessionStatus,
  type CountLineRow,
  type CountSessionRow,
} from '../db/counts.ts';
import { findLocationsByIds } from '../db/locations.ts';
import type { MovementRow } from '../db/movements.ts';
import { countEntryRefusal, settlingMovement, type CountEntry } from '../domain/count-rules.ts';
import { systemKey } from '../domain/idempotency.ts';
import type { ApprovalRules } from '../domain/movement-rules.ts';
import { recordMovement } from './movements.ts';

const field = (name: string) => ['input', name];
const notFound = (what: string, id: string, name: string) => userError('NOT_FOUND', `${what} ${id} does not exist.`, field(name));

/** Opens a count over the subtree of `locationId`. */
export async function startCount(db: TransactionalDb, locationId: string, note: string | null, actor: Actor): Promise<CommandResult<CountSessionRow>> {
  const [location] = await findLocationsByIds(db, [locationId]);
  if (!location) return refused([notFound('Location', locationId, 'locationId')]);
  return runCommand(db, async (tx) => {
    const session = await insertCountSession(tx, locationId, note, actor.caller.subject);
    await recordAudit(tx, 'stock', {
      action: 'count.started', entityType: 'CountSession', entityId: session.id, before: null, after: session, caller: actor.caller, requestId: actor.requestId,
    });
    return session;
  });
}

/**
 * Records a counted quantity (replacing an earlier count of the same part
 * and location) or a scanned asset, in an OPEN session, at a location inside
 * its subtree. Serialized parts are counted by scanning their assets.
 */
export async function recordCount(db: TransactionalDb, entry: CountEntry, actor: Actor): Promise<CommandResult<CountLineRow>> {
  const part = await findPartCopy(db, entry.partNumberId);
  const asset = entry.assetId !== null && part?.serialized ? await findAssetCopy(db, entry.assetId) : null;
  const refusal = countEntryRefusal(entry, part, asset);
  if (refusal) return refused([refusal]);
  return runCommand(db, async (tx) => {
    const session = await lockCountSession(tx, entry.sessionId);
    if (!session) throw new Refusal([notFound('Count session', entry.sessionId, 'sessionId')]);
    if (session.status !== 'OPEN') {
      refuse('INVALID_TRANSITION', `Count session ${session.id} is ${session.status}; counts are recorded only while it is OPEN.`, field('sessionId'));
    }
    if (!(await isWithin(tx, entry.locationId, session.locationId))) {
      refuse('INVALID_VALUE', `Location ${entry.locationId} is not inside the counted location ${session.locationId}.`, field('locationId'));
    }
    const line = entry.assetId === null
      ? await saveCountedQuantity(tx, { ...entry, quantity: entry.quantity!, recordedBy: actor.caller.subject })
      : await saveScannedAsset(tx, { ...entry, assetId: entry.assetId, recordedBy: actor.caller.subject });
    await recordAudit(tx, 'stock', {
      action: 'count.line_recorded', entityType: 'CountSession', entityId: session.id, before: null, after: line, caller: actor.caller, requestId: actor.requestId,
    });
    return line;
  });
}

/** Closes an OPEN session and freezes its divergences from stock as it is now. */
export async function closeCount(db: TransactionalDb, sessionId: string, actor: Actor): Promise<CommandResult<CountSessionRow>> {
  const { result, userErrors } = await runCommand(db, async (tx): Promise<CommandResult<CountSessionRow>> => {
    const session = await lockCountSession(tx, sessionId);
    if (!session) throw new Refusal([notFound('Count session', sessionId, 'sessionId')]);
    if (session.status !== 'OPEN') {
      return { result: session, userErrors: [userError('INVALID_TRANSITION', `Count session ${session.id} is already ${session.status}.`, field('sessionId'))] };
    }
    await insertDivergences(tx, session.id, session.locationId);
    const closed = await updateCountSessionStatus(tx, session.id, 'CLOSED', actor.caller.subject);
    await recordAudit(tx, 'stock', {
      action: 'count.closed', entityType: 'CountSession', entityId: session.id, before: session, after: closed, caller: actor.caller, requestId: actor.requestId,
    });
    return { result: closed, userErrors: [] };
  });
  return result ?? refused(userErrors);
}

/**
 * Turns a CLOSED session's divergences into movements, which go through
 * the approval rules like any other. Each divergence has its own key in
 * the system's namespace (no client key can take it), so a repeated or
 * interrupted call creates nothing twice;
 * the session becomes ADJUSTED once every divergence has its movement.
 * Divergences that cannot be settled any more keep the refusal and are
 * reported as `userErrors`.
 */
export async function adjustCount(
  db: TransactionalDb,
  sessionId: string,
  actor: Actor,
  rules: ApprovalRules,
): Promise<CommandResult<{ session: CountSessionRow; movements: MovementRow[] }>> {
  const [session] = await findCountSessionsByIds(db, [sessionId]);
  if (!session) return refused([notFound('Count session', sessionId, 'sessionId')]);
  if (session.status === 'OPEN') {
    return refused([userError('INVALID_TRANSITION', `Count session ${session.id} is OPEN; close it first.`, field('sessionId'))]);
  }
  const movements: MovementRow[] = [];
  const errors: UserError[] = [];
  for (const divergence of await findDivergencesOfSessions(db, [session.id])) {
    const outcome = await recordMovement(db, systemKey(`count-session:${session.id}:divergence:${divergence.id}`), settlingMovement(divergence), actor, { rules });
    if (outcome.result) {
      movements.push(outcome.result);
      if (divergence.movementId !== outcome.result.id) await settleDivergence(db, divergence.id!, outcome.result.id, null);
    } else {
      const why = outcome.userErrors.map((error) => error.message).join(' ');
      await settleDivergence(db, divergence.id!, null, why);
      errors.push(userError(outcome.userErrors[0]?.code ?? 'INVALID_TRANSITION', `Divergence ${divergence.id} (${divergence.kind}): ${why}`, field('sessionId')));
    }
  }
  const finished = await db.transaction(async (tx) => {
    const current = (await lockCountSession(tx, session.id))!;
    if (errors.length > 0 || current.status === 'ADJUSTED') return current;
    const adjusted = await updateCountSessionStatus(tx, session.id, 'ADJUSTED', actor.caller.subject);
    await recordAudit(tx, 'stock', {
      action: 'count.adjusted', entityType: 'CountSession', entityId: session.id, before: current, after: adjusted, caller: actor.caller, requestId: actor.requestId,
    });
    return adjusted;
  });
  // Divergences that could not be settled are refused, beside the movements made for the others.
  return { result: { session: finished, movements }, userErrors: errors };
}
