import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, print, type OperationDefinitionNode } from 'graphql';

export const OPERATIONS_DIR = fileURLToPath(new URL('../../schema/operations', import.meta.url));
export const MANIFEST_PATH = fileURLToPath(new URL('../../schema/persisted-operations.json', import.meta.url));

export interface PersistedOperation {
  readonly id: string;
  readonly name: string;
  readonly type: 'query' | 'mutation' | 'subscription';
  readonly body: string;
  /**
   * Set on an earlier version of an operation whose file has changed since:
   * the id of the version that replaced it. Deployed partners keep calling
   * the old id until it is retired (`npm run operations -- --retire <id>`).
   */
  readonly supersededBy?: string;
}

export interface PersistedQueryManifest {
  readonly format: 'apollo-persisted-query-manifest';
  readonly version: 1;
  readonly operations: readonly PersistedOperation[];
}

/**
 * Builds the registered-operation manifest from every `.graphql` file in
 * `schema/operations` (one named operation per file). Bodies are printed
 * by graphql-js, so formatting changes in a file never change an id; the id
 * is the SHA-256 (hex) of the body, as Apollo's manifest format defines.
 */
export function buildManifest(dir = OPERATIONS_DIR, previous: PersistedQueryManifest | null = null): PersistedQueryManifest {
  const current = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file): PersistedOperation => {
      const document = parse(readFileSync(join(dir, file), 'utf8'));
      const definitions = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
      if (definitions.length !== 1 || !definitions[0]!.name) throw new Error(`${file} must hold exactly one named operation`);
      const body = print(document);
      return {
        id: createHash('sha256').update(body).digest('hex'),
        name: definitions[0]!.name.value,
        type: definitions[0]!.operation,
        body,
      };
    });
  const names = current.map((operation) => operation.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new Error(`two registered operations are named ${duplicate}`);
  // Earlier versions of operations that still exist stay callable, pointing at their replacement;
  // an operation whose file is gone is gone with every version.
  const currentByName = new Map(current.map((operation) => [operation.name, operation]));
  const currentIds = new Set(current.map((operation) => operation.id));
  const superseded = (previous?.operations ?? [])
    .filter((operation) => currentByName.has(operation.name) && !currentIds.has(operation.id))
    .map((operation): PersistedOperation => ({ ...operation, supersededBy: currentByName.get(operation.name)!.id }));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations: [...current, ...superseded] };
}

/** The manifest without the earlier version `id`: its callers are refused from then on. Throws when `id` is not an earlier version. */
export function retireOperation(manifest: PersistedQueryManifest, id: string): PersistedQueryManifest {
  const operation = manifest.operations.find((candidate) => candidate.id === id);
  if (!operation) throw new Error(`no registered operation has the id ${id}`);
  if (!operation.supersededBy) throw new Error(`${id} is the current version of ${operation.name}; delete its file to remove the operation`);
  return { ...manifest, operations: manifest.operations.filter((candidate) => candidate.id !== id) };
}

/** The example variables of each operation (`schema/operations/examples.json`), for the explorer and the partner docs. */
export function readExamples(dir = OPERATIONS_DIR): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(join(dir, 'examples.json'), 'utf8')) as Record<string, Record<string, unknown>>;
}

/** The manifest as written in the repository, or null when there is none yet. */
export function readManifest(path = MANIFEST_PATH): PersistedQueryManifest | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as PersistedQueryManifest) : null;
}

export function serializeManifest(manifest: PersistedQueryManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
