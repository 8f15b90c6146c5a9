import {
  compareDecimals,
  fromMicros,
  isStorableDecimal,
  recordAudit,
  refuse,
  Refusal,
  refused,
  runCommand,
  toMicros,
  userError,
  type Actor,
  type CommandResult,
  type TransactionalDb,
  type UserError,
} from '@inventory/platform';
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
  type DivergenceRow,
} from '../db/counts.ts';
import { findLocationsByIds } from '../db/locations.ts';
import type { MovementRow } from '../db/movements.ts';
import { recordMovement } from './movements.ts';
import type { ApprovalRules, MovementRequest } from '../domain/movement-rules.ts';

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

/** What one count entry says: a quantity of a bulk part, or one scanned serialized asset. */
export interface CountEntry {
  readonly sessionId: string;
  readonly partNumberId: string;
  readonly locationId: string;
  readonly assetId: string | null;
  readonly quantity: string | null;
}

/**
 * Records a counted quantity (replacing an earlier count of the same part
 * and location) or a scanned asset, in an OPEN session, at a location inside
 * its subtree. Serialized parts are counted by scanning their assets.
 */
export async function recordCount(db: TransactionalDb, entry: CountEntry, actor: Actor): Promise<CommandResult<CountLineRow>> {
  const part = await findPartCopy(db, entry.partNumberId);
  if (!part) return refused([userError('NOT_FOUND', `Part number ${entry.partNumberId} is not known to stock.`, field('partNumberId'))]);
  if (part.serialized && entry.assetId === null) {
    return refused([userError('INVALID_VALUE', 'The part number is serialized: scan each asset (assetId) instead of a quantity.', field('assetId'))]);
  }
  if (!part.serialized && entry.assetId !== null) {
    return refused([userError('INVALID_VALUE', 'The part number is not serialized: count a quantity, not an asset.', field('assetId'))]);
  }
  if (entry.assetId !== null) {
    const asset = await findAssetCopy(db, entry.assetId);
    if (!asset) return refused([userError('NOT_FOUND', `Asset ${entry.assetId} is not known to stock.`, field('assetId'))]);
    if (asset.partNumberId !== entry.partNumberId) {
      return refused([userError('INVALID_VALUE', `Asset ${entry.assetId} is a unit of part number ${asset.partNumberId}.`, field('assetId'))]);
    }
  } else if (entry.quantity === null || !isStorableDecimal(entry.quantity) || compareDecimals(entry.quantity, '0') < 0) {
    return refused([userError('INVALID_VALUE', 'quantity must be zero or more, with at most six decimal places.', field('quantity'))]);
  }
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

/** The movement that settles one divergence: an ADJUSTMENT, or a TRANSFER for an asset found elsewhere than recorded. */
export function settlingMovement(divergence: DivergenceRow): MovementRequest {
  const difference = toMicros(divergence.countedQuantity) - toMicros(divergence.expectedQuantity);
  const base = {
    partNumberId: divergence.partNumberId,
    assetId: divergence.assetId,
    unitCost: null,
    reason: `Count ${divergence.sessionId}: ${divergence.kind.toLowerCase().replace('_', ' ')}`,
    documentRef: `COUNT-${divergence.sessionId}`,
    documentType: 'COUNT',
    project: null,
    costCenter: null,
    confidenceScore: null,
  };
  if (divergence.kind === 'MOVED') {
    return { ...base, type: 'TRANSFER', quantity: '1', fromLocationId: divergence.recordedLocationId, toLocationId: divergence.locationId };
  }
  const quantity = fromMicros(difference < 0n ? -difference : difference);
  return difference < 0n
    ? { ...base, type: 'ADJUSTMENT', quantity, fromLocationId: divergence.locationId, toLocationId: null }
    : { ...base, type: 'ADJUSTMENT', quantity, fromLocationId: null, toLocationId: divergence.locationId };
}

/**
 * Turns a CLOSED session's divergences into movements, which go through
 * the approval rules like any other. Each divergence has its own
 * idempotency key, so a repeated or interrupted call creates nothing twice;
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
    const outcome = await recordMovement(db, `count-session:${session.id}:divergence:${divergence.id}`, settlingMovement(divergence), actor, { rules });
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
