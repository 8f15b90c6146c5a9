import { createHash } from 'node:crypto';

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
