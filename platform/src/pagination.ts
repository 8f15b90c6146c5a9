import { badUserInput } from './errors.ts';

/** Relay connection arguments as every list field takes them. */
export interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
}

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface Edge<Node> {
  readonly node: Node;
  readonly cursor: string;
}

/**
 * A connection as resolvers return it. `totalCount` is a function so the
 * count query runs only when a client selects the field (graphql-js calls
 * function-valued properties in its default resolver).
 */
export interface Connection<Node> {
  readonly edges: readonly Edge<Node>[];
  readonly pageInfo: PageInfo;
  readonly totalCount: () => Promise<number> | number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Validates `first`; absent means the default page size. */
export function pageSize(first: number | null | undefined, max = MAX_PAGE_SIZE, fallback = DEFAULT_PAGE_SIZE): number {
  if (first === null || first === undefined) return fallback;
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badUserInput(`"first" must be between 0 and ${max}.`, 'first');
  }
  return first;
}

/** An opaque cursor over keyset values (the ORDER BY columns of the last row seen). */
export function encodeCursor(keys: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor` with `arity` keys.
 * Caveat: a cursor is only meaningful for the list and ordering that issued it.
 */
export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const keys: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(keys) &&
      keys.length === arity &&
      keys.every((key) => typeof key === 'string' || typeof key === 'number')
    ) {
      return keys as (string | number)[];
    }
  } catch {
    // fall through to the same error as a well-formed but wrong cursor
  }
  throw badUserInput('"after" is not a cursor issued by this list.', 'after');
}

/**
 * Builds a connection from rows fetched with `LIMIT size + 1`: the extra row,
 * if present, only says that another page exists.
 */
export function toConnection<Row>(
  rows: readonly Row[],
  size: number,
  cursorOf: (row: Row) => readonly (string | number)[],
  totalCount: () => Promise<number> | number,
  hasPreviousPage = false,
): Connection<Row> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
