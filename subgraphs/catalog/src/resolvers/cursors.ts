import { badUserInput, decodeCursor } from '@inventory/platform';

/**
 * Cursors of lists that can be ordered several ways carry the order that
 * issued them (`[order, key, id]`), so a cursor from one order is refused
 * by another instead of silently skipping rows.
 */
export function decodeOrderedCursor(after: string | null | undefined, order: string): [string, string] | null {
  if (!after) return null;
  const [issuedBy, key, id] = decodeCursor(after, 3);
  if (issuedBy !== order) throw badUserInput(`"after" was issued for the order ${issuedBy}, not ${order}.`, 'after');
  return [String(key), String(id)];
}
