import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageSize, toConnection } from './pagination.ts';

describe('pagination', () => {
  it('round-trips keyset values through an opaque cursor', () => {
    const cursor = encodeCursor(['PN-LAP-0001', 42]);
    expect(cursor).not.toContain('PN-LAP');
    expect(decodeCursor(cursor, 2)).toEqual(['PN-LAP-0001', 42]);
  });

  it('refuses cursors it did not issue, or issued for another ordering', () => {
    for (const cursor of ['garbage', encodeCursor(['a']), Buffer.from('{"a":1}').toString('base64url'), encodeCursor([1, 2, 3])]) {
      expect(() => decodeCursor(cursor, 2)).toThrowError(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    }
  });

  it('defaults the page size, caps it and refuses negatives', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(null)).toBe(20);
    expect(pageSize(0)).toBe(0);
    expect(pageSize(100)).toBe(100);
    expect(() => pageSize(101)).toThrow('"first" must be between 0 and 100.');
    expect(() => pageSize(-1)).toThrow();
  });

  it('uses the extra row fetched to say whether another page follows, without returning it', () => {
    const rows = [{ id: 3 }, { id: 2 }, { id: 1 }];
    const page = toConnection(rows, 2, (row) => [row.id], () => 3);
    expect(page.edges.map((edge) => edge.node.id)).toEqual([3, 2]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: encodeCursor([3]), endCursor: encodeCursor([2]) });
    const last = toConnection(rows.slice(2), 2, (row) => [row.id], () => 3, true);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(toConnection([], 2, (row: { id: number }) => [row.id], () => 0).pageInfo).toEqual({
      hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null,
    });
  });
});
