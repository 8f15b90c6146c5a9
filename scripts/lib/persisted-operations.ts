import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
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
export function buildManifest(dir = OPERATIONS_DIR): PersistedQueryManifest {
  const operations = readdirSync(dir)
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
  const names = operations.map((operation) => operation.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new Error(`two registered operations are named ${duplicate}`);
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

export function serializeManifest(manifest: PersistedQueryManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
