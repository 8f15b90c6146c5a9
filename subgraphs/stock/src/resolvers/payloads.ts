import type { UserError } from '@inventory/platform';
import type { BalanceRow } from '../db/balances.ts';
import type { MovementRow } from '../db/movements.ts';
import type { ReservationRow } from '../db/reservations.ts';
import type { Context } from '../context.ts';
import type {
  FulfilReservationPayloadResolvers,
  RecordMovementPayloadResolvers,
  ReleaseReservationPayloadResolvers,
  ReserveStockPayloadResolvers,
} from '../generated/resolvers.ts';

/** What `recordMovement` answers with, before its balances are read. */
export interface MovementPayload {
  readonly movement: MovementRow | null;
  readonly userErrors: readonly UserError[];
}

/** What `reserveStock` and `releaseReservation` answer with. */
export interface ReservationPayload {
  readonly reservation: ReservationRow | null;
  readonly userErrors: readonly UserError[];
}

/** What `fulfilReservation` answers with. */
export interface FulfilmentPayload extends ReservationPayload {
  readonly movement: MovementRow | null;
}

/**
 * The balances a mutation changed, read after it committed: a client's
 * normalized cache updates every view of them from the payload alone. One
 * statement for every pair a request touches.
 */
function balancesAt(pairs: readonly { partNumberId: string; locationId: string | null }[], { loaders }: Context): Promise<BalanceRow[]> {
  const keys = [...new Set(pairs.filter((pair) => pair.locationId !== null).map((pair) => `${pair.partNumberId}:${pair.locationId}`))];
  return loaders.balanceAt.loadMany(keys).then((rows) =>
    rows.map((row) => {
      if (row instanceof Error) throw row;
      return row;
    }),
  );
}

const ofPostedMovement = (movement: MovementRow | null, context: Context) =>
  movement?.status === 'POSTED'
    ? balancesAt(
        [movement.fromLocationId, movement.toLocationId].map((locationId) => ({ partNumberId: movement.partNumberId, locationId })),
        context,
      )
    : Promise.resolve([]);

const ofReservation = (reservation: ReservationRow | null, userErrors: readonly UserError[], context: Context) =>
  reservation && userErrors.length === 0 ? balancesAt([reservation], context) : Promise.resolve([]);

export const RecordMovementPayload: RecordMovementPayloadResolvers = {
  balances: (payload, _args, context) => (payload.userErrors.length === 0 ? ofPostedMovement(payload.movement, context) : []),
};

export const ReserveStockPayload: ReserveStockPayloadResolvers = {
  balances: (payload, _args, context) => ofReservation(payload.reservation, payload.userErrors, context),
};

export const ReleaseReservationPayload: ReleaseReservationPayloadResolvers = {
  balances: (payload, _args, context) => ofReservation(payload.reservation, payload.userErrors, context),
};

export const FulfilReservationPayload: FulfilReservationPayloadResolvers = {
  balances: async (payload, _args, context) => {
    if (payload.userErrors.length > 0) return [];
    const moved = await ofPostedMovement(payload.movement, context);
    const held = await ofReservation(payload.reservation, payload.userErrors, context);
    return [...new Map([...moved, ...held].map((row) => [`${row.partNumberId}:${row.locationId}`, row])).values()];
  },
};
