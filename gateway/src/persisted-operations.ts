import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';

export interface RegisteredOperation {
  readonly id: string;
  readonly name: string;
  readonly type: 'query' | 'mutation' | 'subscription';
  readonly body: string;
  /** On an earlier version of an edited operation: the id of its replacement (the earlier id stays callable until retired). */
  readonly supersededBy?: string;
}

/** The registered operations of `schema/persisted-operations.json`, by id. */
export interface RegisteredOperations {
  readonly byId: ReadonlyMap<string, RegisteredOperation>;
  readonly names: ReadonlySet<string>;
}

/** Reads and checks an Apollo persisted query manifest: every id must be the SHA-256 of its body. */
export function loadRegisteredOperations(path: string): RegisteredOperations {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { format?: string; version?: number; operations?: RegisteredOperation[] };
  if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw new Error(`${path} is not an apollo-persisted-query-manifest, version 1`);
  }
  const byId = new Map<string, RegisteredOperation>();
  for (const operation of manifest.operations) {
    if (sha256(operation.body) !== operation.id) throw new Error(`${path}: the id of ${operation.name} is not the SHA-256 of its body`);
    byId.set(operation.id, operation);
  }
  return { byId, names: new Set(manifest.operations.map((operation) => operation.name)) };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const APQ_PREFIX = 'apq:';

/**
 * The APQ cache Apollo Server is given: registered operations are always
 * found (they are never evicted and need no registration), everything else
 * goes to `fallback` (memory, or Redis shared by every replica).
 */
export function registeredOperationsFirst(registered: RegisteredOperations, fallback: KeyValueCache<string>): KeyValueCache<string> {
  return {
    async get(key: string) {
      const operation = key.startsWith(APQ_PREFIX) ? registered.byId.get(key.slice(APQ_PREFIX.length)) : undefined;
      return operation ? operation.body : fallback.get(key);
    },
    set: (key: string, value: string, options?: KeyValueCacheSetOptions) => fallback.set(key, value, options),
    delete: (key: string) => fallback.delete(key),
  };
}
