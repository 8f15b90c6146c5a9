import DataLoader from 'dataloader';
import { decodeCursor, pageSize, toConnection, type Connection, type PageArgs } from './pagination.ts';

export interface PagedChildrenQuery<Row> {
  /** Number of keyset values in a cursor for this list. */
  readonly cursorArity: number;
  /** The keyset values of a row, in ORDER BY order. */
  readonly cursorOf: (row: Row) => readonly (string | number)[];
  /** The parent key a row belongs to. */
  readonly parentOf: (row: Row) => string;
  /**
   * One statement returning up to `limit` rows per parent after `after`
   * (typically `unnest($1::bigint[]) CROSS JOIN LATERAL (... LIMIT $n)`).
   */
  readonly fetchPages: (parentIds: readonly string[], limit: number, after: readonly (string | number)[] | null) => Promise<Row[]>;
  /** Counts per parent, run only when a client selects `totalCount`. */
  readonly countByParent: DataLoader<string, number>;
}

interface PageKey {
  readonly parentId: string;
  readonly first?: number | null;
  readonly after?: string | null;
}

/**
 * A DataLoader for "the first N children of each parent" lists
 * (`Asset.movements(first, after)` across many assets): every parent asked
 * for in one tick with the same page arguments is served by one statement.
 * Create one per request, like every loader.
 */
export function createPagedChildrenLoader<Row>(query: PagedChildrenQuery<Row>) {
  const loader = new DataLoader<PageKey, Connection<Row>, string>(
    async (keys) => {
      const groups = new Map<string, PageKey[]>();
      for (const key of keys) {
        const signature = `${key.first ?? ''}|${key.after ?? ''}`;
        groups.set(signature, [...(groups.get(signature) ?? []), key]);
      }
      const results = new Map<PageKey, Connection<Row>>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const { first, after } = group[0]!;
          const size = pageSize(first);
          const afterKeys = after ? decodeCursor(after, query.cursorArity) : null;
          const parentIds = [...new Set(group.map((key) => key.parentId))];
          const rows = size === 0 ? [] : await query.fetchPages(parentIds, size + 1, afterKeys);
          const byParent = new Map<string, Row[]>();
          for (const row of rows) {
            const parent = query.parentOf(row);
            byParent.set(parent, [...(byParent.get(parent) ?? []), row]);
          }
          for (const key of group) {
            results.set(
              key,
              toConnection(byParent.get(key.parentId) ?? [], size, query.cursorOf, () => query.countByParent.load(key.parentId), afterKeys !== null),
            );
          }
        }),
      );
      return keys.map((key) => results.get(key)!);
    },
    { cacheKeyFn: (key) => `${key.parentId}|${key.first ?? ''}|${key.after ?? ''}` },
  );
  return {
    /** The page of `parentId`'s children for these arguments. */
    load: (parentId: string, args: PageArgs) => loader.load({ parentId, first: args.first, after: args.after }),
  };
}
