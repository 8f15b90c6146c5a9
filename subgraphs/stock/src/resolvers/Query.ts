import { badUserInput, decodeCursor, fromMicros, isStorableDecimal, pageSize, parseId, parseOptionalId, requireExactlyOne, toConnection, toMicros } from '@inventory/platform';
import { countLowStock, listLowStock } from '../db/balances.ts';
import { compareWithExport, findUnmatchedLines } from '../db/counts.ts';
import { countLocations, listLocations } from '../db/locations.ts';
import { countMovements, listMovements } from '../db/movements.ts';
import { countReservations, listReservations } from '../db/reservations.ts';
import { summarizeMovements } from '../db/summaries.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

/** Most rows a movement summary answers; one with more is refused rather than cut short. */
const MOVEMENT_SUMMARY_ROWS = 1000;

export const Query: QueryResolvers = {
  location(_parent, args, { loaders }) {
    const key = requireExactlyOne({ id: args.id, code: args.code });
    return key === 'id' ? loaders.locationById.load(parseId(args.id!, 'id')) : loaders.locationByCode.load(args.code!);
  },

  async locations(_parent, { first, after, filter }, { db }) {
    const size = pageSize(first);
    const afterCode = after ? String(decodeCursor(after, 1)[0]) : null;
    const criteria = {
      type: filter?.type ?? null,
      parentId: parseOptionalId(filter?.parentId, 'filter.parentId'),
      root: filter?.root ?? null,
      withinId: parseOptionalId(filter?.withinId, 'filter.withinId'),
      active: filter?.active ?? null,
    };
    const rows = size === 0 ? [] : await listLocations(db, criteria, size + 1, afterCode);
    return toConnection(rows, size, (row) => [row.code], () => countLocations(db, criteria), afterCode !== null);
  },

  movement: (_parent, { id }, { loaders }) => loaders.movementById.load(parseId(id, 'id')),

  // A report: read from the replica when one is configured (see README, "Reads for reports").
  async movements(_parent, { first, after, filter }, { reports }) {
    const size = pageSize(first);
    const beforeId = after ? parseId(decodeCursor(after, 1)[0]!, 'after') : null;
    const criteria = {
      partNumberId: parseOptionalId(filter?.partNumberId, 'filter.partNumberId'),
      assetId: parseOptionalId(filter?.assetId, 'filter.assetId'),
      locationId: parseOptionalId(filter?.locationId, 'filter.locationId'),
      includeDescendants: filter?.includeDescendants ?? false,
      type: filter?.type ?? null,
      status: filter?.status ?? null,
      createdFrom: filter?.createdFrom ?? null,
      createdBefore: filter?.createdBefore ?? null,
      documentRef: filter?.documentRef ?? null,
    };
    const rows = size === 0 ? [] : await listMovements(reports, criteria, size + 1, beforeId);
    return toConnection(rows, size, (row) => [row.id], () => countMovements(reports, criteria), beforeId !== null);
  },

  // A report, like `movements`.
  async lowStock(_parent, { first, after, locationId }, { reports }) {
    const size = pageSize(first);
    const afterId = after ? parseId(decodeCursor(after, 1)[0]!, 'after') : null;
    const within = parseOptionalId(locationId, 'locationId');
    const rows = size === 0 ? [] : (await listLowStock(reports, within, size + 1, afterId)).map((row) => ({ ...row, scopeLocationId: within }));
    return toConnection(rows, size, (row) => [row.partNumberId], () => countLowStock(reports, within), afterId !== null);
  },

  // A report, like `movements`: one grouped statement over the period's posted movements.
  async movementSummary(_parent, args, { reports }) {
    if (args.to.getTime() <= args.from.getTime()) throw badUserInput('`to` must be after `from`.', 'to');
    const yearLater = new Date(args.from);
    yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
    if (args.to.getTime() > yearLater.getTime()) throw badUserInput('A summary covers at most one year: `to` may be at most one year after `from`.', 'to');
    const rows = await summarizeMovements(
      reports,
      {
        from: args.from,
        to: args.to,
        groupBy: [...new Set(args.groupBy)],
        period: args.period ?? 'DAY',
        locationId: parseOptionalId(args.locationId, 'locationId'),
        partNumberId: parseOptionalId(args.partNumberId, 'partNumberId'),
        types: args.types && args.types.length > 0 ? args.types : null,
      },
      MOVEMENT_SUMMARY_ROWS + 1,
    );
    if (rows.length > MOVEMENT_SUMMARY_ROWS) {
      throw badUserInput(`The summary has more than ${MOVEMENT_SUMMARY_ROWS} rows: group by fewer dimensions, a longer period, or narrow it.`, 'groupBy');
    }
    return rows;
  },

  reservation: (_parent, { id }, { loaders }) => loaders.reservationById.load(parseId(id, 'id')),

  async reservations(_parent, { first, after, filter }, { db }) {
    const size = pageSize(first);
    const beforeId = after ? parseId(decodeCursor(after, 1)[0]!, 'after') : null;
    const criteria = {
      partNumberId: parseOptionalId(filter?.partNumberId, 'filter.partNumberId'),
      locationId: parseOptionalId(filter?.locationId, 'filter.locationId'),
      status: filter?.status ?? null,
    };
    const rows = size === 0 ? [] : await listReservations(db, criteria, size + 1, beforeId);
    return toConnection(rows, size, (row) => [row.id], () => countReservations(db, criteria), beforeId !== null);
  },

  countSession: (_parent, { id }, { loaders }) => loaders.countSessionById.load(parseId(id, 'id')),

  async stockReconciliation(_parent, { input }, { db }) {
    if (input.lines.length > 10_000) throw badUserInput('An export may hold at most 10000 lines per call.', 'input.lines');
    const lines = input.lines.map((line, index) => {
      const quantity = String(line.quantity);
      if (!isStorableDecimal(quantity) || toMicros(quantity) < 0n) {
        throw badUserInput(`input.lines[${index}].quantity must be zero or more, with at most six decimal places.`, 'input.lines');
      }
      return { partCode: line.partCode.trim(), locationCode: line.locationCode.trim(), quantity: fromMicros(toMicros(quantity)) };
    });
    const rootId = parseOptionalId(input.locationId, 'input.locationId');
    // The divergence report for the export, and the lines whose codes stock does not know.
    const [divergences, unmatched] = await Promise.all([compareWithExport(db, lines, rootId), findUnmatchedLines(db, lines)]);
    return { divergences, unmatched };
  },
};
