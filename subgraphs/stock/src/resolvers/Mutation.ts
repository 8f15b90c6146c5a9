import { badUserInput, fromMicros, isStorableDecimal, parseId, parseOptionalId, requireRole, toMicros } from '@inventory/platform';
import type { LocationType } from '../db/locations.ts';
import { withCatalogCaughtUp } from '../commands/catalog-references.ts';
import { adjustCount, closeCount, recordCount, startCount } from '../commands/counts.ts';
import { recordMovement } from '../commands/movements.ts';
import { createLocation, moveLocation } from '../commands/locations.ts';
import { clientKey } from '../domain/idempotency.ts';
import type { MovementRequest } from '../domain/movement-rules.ts';
import { fulfilReservation, releaseReservation, reserveStock } from '../commands/reservations.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

/** A decimal in its shortest exact form, so `"5"` and `"5.000"` are the same input; left as sent when it is not storable (a rule refuses it). */
const decimal = (value: string | number | null | undefined): string | null => {
  if (value === null || value === undefined) return null;
  const text = String(value);
  return isStorableDecimal(text) ? fromMicros(toMicros(text)) : text;
};

/** Trimmed text, null when blank. */
const optionalText = (value: string | null | undefined): string | null => (value?.trim() ? value.trim() : null);

function idempotencyKey(value: string): string {
  const key = value.trim();
  if (key.length === 0 || key.length > 200) throw badUserInput('"idempotencyKey" must be 1 to 200 characters.', 'input.idempotencyKey');
  return key;
}

function requiredText(value: string, argument: string): string {
  const text = value.trim();
  if (text.length === 0) throw badUserInput(`"${argument}" must not be blank.`, argument);
  return text;
}

export const Mutation: MutationResolvers = {
  async createLocation(_parent, { input }, { db, caller, requestId }) {
    requireRole(caller, 'operator', 'admin');
    const parentId = parseOptionalId(input.parentId, 'input.parentId');
    const outcome = await createLocation(
      db,
      {
        code: requiredText(input.code, 'input.code'),
        name: requiredText(input.name, 'input.name'),
        type: input.type as LocationType,
        active: input.active ?? true,
        address: optionalText(input.address),
        city: optionalText(input.city),
        state: optionalText(input.state),
        country: optionalText(input.country),
        latitude: decimal(input.latitude),
        longitude: decimal(input.longitude),
        capacity: decimal(input.capacity),
        metadata: input.metadata ?? {},
      },
      parentId,
      { caller, requestId },
    );
    return { location: outcome.result, userErrors: outcome.userErrors };
  },

  async moveLocation(_parent, { input }, { db, caller, requestId }) {
    requireRole(caller, 'operator', 'admin');
    const outcome = await moveLocation(db, parseId(input.id, 'input.id'), parseOptionalId(input.parentId, 'input.parentId'), { caller, requestId });
    return { location: outcome.result, userErrors: outcome.userErrors };
  },

  async recordMovement(_parent, { input }, { db, caller, requestId, settings, catalogSync }) {
    // Partners (suppliers, carriers) may announce goods received, nothing else.
    if (input.type === 'INBOUND') requireRole(caller, 'operator', 'admin', 'partner');
    else requireRole(caller, 'operator', 'admin');
    const request: MovementRequest = {
      type: input.type,
      partNumberId: parseId(input.partNumberId, 'input.partNumberId'),
      assetId: parseOptionalId(input.assetId, 'input.assetId'),
      quantity: decimal(input.quantity)!,
      fromLocationId: parseOptionalId(input.fromLocationId, 'input.fromLocationId'),
      toLocationId: parseOptionalId(input.toLocationId, 'input.toLocationId'),
      unitCost: decimal(input.unitCost),
      reason: optionalText(input.reason),
      documentRef: optionalText(input.documentRef),
      documentType: optionalText(input.documentType),
      project: optionalText(input.project),
      costCenter: optionalText(input.costCenter),
      confidenceScore: decimal(input.confidenceScore),
    };
    const key = clientKey(idempotencyKey(input.idempotencyKey));
    const references = { partNumberIds: [request.partNumberId], assetIds: request.assetId === null ? [] : [request.assetId] };
    const outcome = await withCatalogCaughtUp(db, catalogSync, references, () =>
      recordMovement(db, key, request, { caller, requestId }, { rules: settings.approvalRules }));
    return { movement: outcome.result, userErrors: outcome.userErrors };
  },

  async reserveStock(_parent, { input }, { db, caller, requestId, catalogSync }) {
    requireRole(caller, 'operator', 'admin');
    const key = idempotencyKey(input.idempotencyKey);
    const request = {
      partNumberId: parseId(input.partNumberId, 'input.partNumberId'),
      locationId: parseId(input.locationId, 'input.locationId'),
      assetId: parseOptionalId(input.assetId, 'input.assetId'),
      quantity: decimal(input.quantity)!,
      expiresAt: input.expiresAt ?? null,
      project: optionalText(input.project),
      requester: optionalText(input.requester),
    };
    const references = { partNumberIds: [request.partNumberId], assetIds: request.assetId === null ? [] : [request.assetId] };
    const outcome = await withCatalogCaughtUp(db, catalogSync, references, () => reserveStock(db, key, request, { caller, requestId }));
    return { reservation: outcome.result, userErrors: outcome.userErrors };
  },

  async releaseReservation(_parent, { input }, { db, caller, requestId }) {
    requireRole(caller, 'operator', 'admin');
    const outcome = await releaseReservation(db, parseId(input.reservationId, 'input.reservationId'), { caller, requestId });
    return { reservation: outcome.result, userErrors: outcome.userErrors };
  },

  async fulfilReservation(_parent, { input }, { db, caller, requestId }) {
    requireRole(caller, 'operator', 'admin');
    const outcome = await fulfilReservation(
      db,
      parseId(input.reservationId, 'input.reservationId'),
      { toLocationId: parseOptionalId(input.toLocationId, 'input.toLocationId'), documentRef: optionalText(input.documentRef) },
      { caller, requestId },
    );
    return { reservation: outcome.result?.reservation ?? null, movement: outcome.result?.movement ?? null, userErrors: outcome.userErrors };
  },

  async startCount(_parent, { input }, { db, caller, requestId }) {
    requireRole(caller, 'operator', 'admin');
    const outcome = await startCount(db, parseId(input.locationId, 'input.locationId'), optionalText(input.note), { caller, requestId });
    return { countSession: outcome.result, userErrors: outcome.userErrors };
  },

  async recordCount(_parent, { input }, { db, caller, requestId, loaders, catalogSync }) {
    requireRole(caller, 'operator', 'admin');
    const sessionId = parseId(input.sessionId, 'input.sessionId');
    const entry = {
      sessionId,
      partNumberId: parseId(input.partNumberId, 'input.partNumberId'),
      locationId: parseId(input.locationId, 'input.locationId'),
      assetId: parseOptionalId(input.assetId, 'input.assetId'),
      quantity: decimal(input.quantity),
    };
    const references = { partNumberIds: [entry.partNumberId], assetIds: entry.assetId === null ? [] : [entry.assetId] };
    const outcome = await withCatalogCaughtUp(db, catalogSync, references, () => recordCount(db, entry, { caller, requestId }));
    return { line: outcome.result, countSession: await loaders.countSessionById.load(sessionId), userErrors: outcome.userErrors };
  },

  async closeCount(_parent, { input }, { db, caller, requestId }) {
    requireRole(caller, 'operator', 'admin');
    const outcome = await closeCount(db, parseId(input.sessionId, 'input.sessionId'), { caller, requestId });
    return { countSession: outcome.result, userErrors: outcome.userErrors };
  },

  async adjustCount(_parent, { input }, { db, caller, requestId, settings }) {
    requireRole(caller, 'operator', 'admin');
    const outcome = await adjustCount(db, parseId(input.sessionId, 'input.sessionId'), { caller, requestId }, settings.approvalRules);
    return { countSession: outcome.result?.session ?? null, movements: outcome.result?.movements ?? [], userErrors: outcome.userErrors };
  },
};
