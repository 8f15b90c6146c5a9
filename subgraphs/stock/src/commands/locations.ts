import { recordAudit, refuse, refused, runCommand, userError, type Actor, type CommandResult, type TransactionalDb } from '@inventory/platform';
import {
  insertLocation,
  lockLocationForShare,
  lockLocationTree,
  lockSubtree,
  moveSubtree,
  type LocationDetails,
  type LocationRow,
} from '../db/locations.ts';
import { checkLocationNumbers, parentRefusal, wouldCreateCycle } from '../domain/location-rules.ts';

const field = (name: string) => ['input', name];

/**
 * Creates a location under `parentId` (or as a root) after the parent rules
 * of its type. The parent is share-locked, so a concurrent subtree move
 * either finishes first (and the new path follows it) or waits for us.
 */
export async function createLocation(db: TransactionalDb, details: LocationDetails, parentId: string | null, actor: Actor): Promise<CommandResult<LocationRow>> {
  const invalid = checkLocationNumbers(details);
  if (invalid.length > 0) return refused(invalid);
  return runCommand(
    db,
    async (tx) => {
      let parentType = null;
      if (parentId !== null) {
        const parent = await lockLocationForShare(tx, parentId);
        if (!parent) refuse('NOT_FOUND', `Location ${parentId} does not exist.`, field('parentId'));
        parentType = parent.type;
      }
      const refusal = parentRefusal(details.type, parentType);
      if (refusal) refuse('INVALID_VALUE', refusal, field(parentId === null ? 'type' : 'parentId'));
      const location = await insertLocation(tx, details, parentId);
      await recordAudit(tx, 'stock', {
        action: 'location.created', entityType: 'Location', entityId: location.id, before: null, after: location,
        caller: actor.caller, requestId: actor.requestId,
      });
      return location;
    },
    {
      location_code_key: userError('DUPLICATE', `A location with code ${details.code} already exists.`, field('code')),
      // The columns' own checks (schema/migrations/0020_stock_ledger_rules.sql), behind checkLocationNumbers.
      location_latitude_check: userError('INVALID_VALUE', 'latitude must be between -90 and 90 degrees.', field('latitude')),
      location_longitude_check: userError('INVALID_VALUE', 'longitude must be between -180 and 180 degrees.', field('longitude')),
      location_capacity_check: userError('INVALID_VALUE', 'capacity must be zero or more.', field('capacity')),
    },
  );
}

/**
 * Moves a location and its whole subtree under `newParentId` (null: makes
 * it a root), refusing cycles and parent-rule violations, and rewrites
 * every path below in the same transaction. Moves are serialised by one
 * advisory lock, so two opposite moves cannot build a cycle together.
 */
export async function moveLocation(db: TransactionalDb, id: string, newParentId: string | null, actor: Actor): Promise<CommandResult<LocationRow>> {
  return runCommand(db, async (tx) => {
    await lockLocationTree(tx);
    const location = await lockLocationForShare(tx, id);
    if (!location) refuse('NOT_FOUND', `Location ${id} does not exist.`, field('id'));
    let parent: LocationRow | null = null;
    if (newParentId !== null) {
      parent = await lockLocationForShare(tx, newParentId);
      if (!parent) refuse('NOT_FOUND', `Location ${newParentId} does not exist.`, field('parentId'));
      if (wouldCreateCycle(id, parent.path)) {
        refuse('INVALID_VALUE', `Location ${parent.code} is inside ${location.code}; a location cannot move under itself.`, field('parentId'));
      }
    }
    const refusal = parentRefusal(location.type, parent?.type ?? null);
    if (refusal) refuse('INVALID_VALUE', refusal, field('parentId'));
    if (location.parentId === newParentId) return location;
    await lockSubtree(tx, id);
    const moved = await moveSubtree(tx, id, newParentId);
    await recordAudit(tx, 'stock', {
      action: 'location.moved', entityType: 'Location', entityId: id, before: location, after: moved,
      caller: actor.caller, requestId: actor.requestId,
    });
    return moved;
  });
}
