import { recordAudit, refuse, Refusal, refused, runCommand, userError, type Actor, type CommandResult, type Queryable, type TransactionalDb, type UserError } from '@inventory/platform';
import { findAssetCopy, findPartCopy } from '../db/catalog-copies.ts';
import {
  findCountSessionsByIds,
  findDivergencesOfSessions,
  findOpenSessionsOverlapping,
  insertCountSession,
  insertDivergences,
  isInScope,
  lockCountSession,
  noteDivergenceRefusal,
  saveCountedQuantity,
  saveScannedAsset,
  settleDivergence,
  supersedeDivergences,
  updateCountSessionStatus,
  type CountLineRow,
  type CountSessionRow,
} from '../db/counts.ts';
import { findLocationsByIds } from '../db/locations.ts';
import type { MovementRow } from '../db/movements.ts';
import { countEntryRefusal, settlingMovement, type CountEntry } from '../domain/count-rules.ts';
import { systemKey } from '../domain/idempotency.ts';
import { quantityPrecisionRefusal } from '../domain/unit-rules.ts';
import type { ApprovalRules } from '../domain/movement-rules.ts';
import { recordMovement } from './movements.ts';

const field = (name: string) => ['input', name];
const notFound = (what: string, id: string, name: string) => userError('NOT_FOUND', `${what} ${id} does not exist.`, field(name));

const countInProgress = (sessions: readonly string[]) =>
  userError(
    'COUNT_IN_PROGRESS',
    sessions.length > 0
      ? `Count session ${sessions.join(', ')} is already open over part of this subtree; close it first.`
      : 'Another count session is already open over part of this subtree; close it first.',
    field('locationId'),
  );

/**
 * Opens a count over the subtree of `locationId`, bound to that subtree's
 * locations as they are now. Refused with `COUNT_IN_PROGRESS` while another
 * OPEN session counts any of them (the database refuses it too, through
 * `count_scope_one_open_count`, when two starts race).
 */
export async function startCount(db: TransactionalDb, locationId: string, note: string | null, actor: Actor): Promise<CommandResult<CountSessionRow>> {
  const [location] = await findLocationsByIds(db, [locationId]);
  if (!location) return refused([notFound('Location', locationId, 'locationId')]);
  const open = await findOpenSessionsOverlapping(db, locationId);
  if (open.length > 0) return refused([countInProgress(open)]);
  return runCommand(db, async (tx) => {
    const session = await insertCountSession(tx, locationId, note, actor.caller.subject);
    await recordAudit(tx, 'stock', {
      action: 'count.started', entityType: 'CountSession', entityId: session.id, before: null, after: session, caller: actor.caller, requestId: actor.requestId,
    });
    return session;
  }, { count_scope_one_open_count: countInProgress([]) });
}

/**
 * Records a counted quantity (replacing an earlier count of the same part
 * and location) or a scanned asset, in an OPEN session, at a location it
 * counts (inside its subtree as it was when it started). Serialized parts
 * are counted by scanning their assets.
 */
export async function recordCount(db: TransactionalDb, entry: CountEntry, actor: Actor): Promise<CommandResult<CountLineRow>> {
  const part = await findPartCopy(db, entry.partNumberId);
  const asset = entry.assetId !== null && part?.serialized ? await findAssetCopy(db, entry.assetId) : null;
  const refusal = countEntryRefusal(entry, part, asset) ?? quantityPrecisionRefusal(entry.quantity, part);
  if (refusal) return refused([refusal]);
  return runCommand(db, async (tx) => {
    const session = await lockCountSession(tx, entry.sessionId);
    if (!session) throw new Refusal([notFound('Count session', entry.sessionId, 'sessionId')]);
    if (session.status !== 'OPEN') {
      refuse('INVALID_TRANSITION', `Count session ${session.id} is ${session.status}; counts are recorded only while it is OPEN.`, field('sessionId'));
    }
    if (!(await isInScope(tx, session.id, entry.locationId))) {
      refuse('INVALID_VALUE', `Location ${entry.locationId} was not inside the counted location ${session.locationId} when the count started.`, field('locationId'));
    }
    const line = entry.assetId === null
      ? await saveCountedQuantity(tx, { ...entry, quantity: entry.quantity!, recordedBy: actor.caller.subject })
      : await saveScannedAsset(tx, { ...entry, assetId: entry.assetId, recordedBy: actor.caller.subject });
    await recordAudit(tx, 'stock', {
      action: 'count.line_recorded', entityType: 'CountSession', entityId: session.id, before: null, after: line, caller: actor.caller, requestId: actor.requestId,
    });
    return line;
  }, { quantity_fits_unit: userError('INVALID_VALUE', "The quantity has more decimal places than the part's unit of measure allows.", field('quantity')) });
}

/**
 * Closes an OPEN session and freezes its divergences from stock as it is
 * now, counting what waits for approval as already done. Older sessions'
 * divergences at the places it counted that never got a movement are
 * superseded by it first.
 */
export async function closeCount(db: TransactionalDb, sessionId: string, actor: Actor): Promise<CommandResult<CountSessionRow>> {
  const { result, userErrors } = await runCommand(db, async (tx): Promise<CommandResult<CountSessionRow>> => {
    const session = await lockCountSession(tx, sessionId);
    if (!session) throw new Refusal([notFound('Count session', sessionId, 'sessionId')]);
    if (session.status !== 'OPEN') {
      return { result: session, userErrors: [userError('INVALID_TRANSITION', `Count session ${session.id} is already ${session.status}.`, field('sessionId'))] };
    }
    await supersedeDivergences(tx, session.id);
    await insertDivergences(tx, session.id);
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
 * the system's namespace (no client key can take it), and is marked settled
 * in the transaction that records its movement, so a repeated or
 * interrupted call creates nothing twice; the session becomes ADJUSTED once
 * every divergence has its movement or was superseded by a later count.
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
    if (divergence.supersededBy !== null) continue;
    let superseded = false;
    const settle = async (tx: Queryable, movement: MovementRow) => {
      superseded = !(await settleDivergence(tx, divergence.id!, movement.id));
      if (superseded) refuse('CONFLICT', 'A later count counted this place again first.', field('sessionId'));
    };
    const outcome = await recordMovement(db, systemKey(`count-session:${session.id}:divergence:${divergence.id}`), settlingMovement(divergence), actor, { rules, onRecorded: settle });
    if (outcome.result) {
      movements.push(outcome.result);
      // A replay of a movement recorded by an earlier call: it was settled with it, unless a concurrent call did so after this one read the divergences.
      if (divergence.movementId !== outcome.result.id) await settleDivergence(db, divergence.id!, outcome.result.id);
    } else if (superseded) {
      // A later count superseded the divergence while this call ran: its movement was rolled back and nothing is owed.
      continue;
    } else {
      const why = outcome.userErrors.map((error) => error.message).join(' ');
      await noteDivergenceRefusal(db, divergence.id!, why);
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
