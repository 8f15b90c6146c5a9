import { createHash } from 'node:crypto';
import { userError, type UserError } from '@inventory/platform';

/**
 * The key a write is made under. A client's key (`client`) belongs to the
 * caller who sent it: it is unique only among that caller's own writes, so
 * another caller's identical key is another write. A key the system makes
 * for its own effects (`system`: an approved asset move, a count settling a
 * divergence) lives in a namespace of its own that no client input reaches,
 * whatever text a client sends.
 */
export type WriteKey = { readonly client: string } | { readonly system: string };

/** A client's key, as the caller sent it. */
export const clientKey = (key: string): WriteKey => ({ client: key });

/** A key of the system's own. */
export const systemKey = (key: string): WriteKey => ({ system: key });

/**
 * A stable fingerprint of a request's input, stored beside its idempotency
 * key. Keys are sorted and absent values count as null, so the same input
 * always hashes the same however the client ordered or omitted fields.
 */
export function hashRequest(input: Readonly<Record<string, unknown>>): string {
  const canonical = Object.keys(input)
    .sort()
    .map((key) => [key, input[key] ?? null]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * The refusal a key earns when it comes again: none with the input it was
 * first used for (the caller then returns the first result), `CONFLICT`
 * with any other. `what` names the kind of write (`movement`).
 */
export function keyReuseRefusal(first: { readonly requestHash: string | null }, requestHash: string, what: string): UserError | null {
  if (first.requestHash === requestHash) return null;
  return userError('CONFLICT', `This idempotency key was already used for a different ${what}; use a new key.`, ['input', 'idempotencyKey']);
}
