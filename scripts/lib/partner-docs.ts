import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  Kind,
  parse,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { API_SCHEMA_PATH } from './subgraphs.ts';
import { OPERATIONS_DIR, type PersistedQueryManifest } from './persisted-operations.ts';

export const PARTNER_DOCS_PATH = fileURLToPath(new URL('../../schema/operations/PARTNERS.md', import.meta.url));

/** Codes any registered operation may answer with, before or around its own result. */
const COMMON_ERRORS: [string, string][] = [
  ['UNAUTHENTICATED', '401: no key, or one that is unknown, revoked or expired'],
  ['FORBIDDEN', 'the key may not run this operation (its role, or the operation list it is bound to)'],
  ['PERSISTED_QUERY_NOT_IN_LIST', '400: the id is not a registered operation (or a retired version)'],
  ['BAD_USER_INPUT', '400 or in `errors`: a variable is missing or malformed, with its path'],
  ['RATE_LIMITED', '429: the key spent its budget; retry after `Retry-After` seconds'],
  ['OVERLOADED', '503: the gateway is at capacity; retry after `Retry-After` seconds'],
  ['SERVICE_UNAVAILABLE', 'the database is briefly unreachable; retry (the affected paths are named)'],
  ['SUBGRAPH_UNAVAILABLE, SUBGRAPH_TIMEOUT, SUBGRAPH_ERROR', 'a backing service failed; the paths it left empty are named, the rest is answered'],
];

/** The `#` comment lines at the top of an operation's file: its description. */
function descriptionOf(name: string): string {
  const text = readFileSync(join(OPERATIONS_DIR, `${name}.graphql`), 'utf8');
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/^#\s?/, ''));
  }
  return lines.join(' ').trim();
}

/** For each variable, the description of the argument or input field it fills. */
function variableDescriptions(schema: GraphQLSchema, operation: OperationDefinitionNode): Map<string, string> {
  const descriptions = new Map<string, string>();
  const note = (variable: string, description: string | null | undefined) => {
    if (description && !descriptions.has(variable)) descriptions.set(variable, description);
  };
  const typeInfo = new TypeInfo(schema);
  visit(
    operation,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        if (node.value.kind === Kind.VARIABLE) note(node.value.name.value, typeInfo.getArgument()?.description);
      },
      ObjectField(node) {
        if (node.value.kind !== Kind.VARIABLE) return;
        const parent = typeInfo.getParentInputType();
        const named = parent ? getNamedType(parent) : null;
        if (named && isInputObjectType(named)) note(node.value.name.value, named.getFields()[node.name.value]?.description);
      },
    }),
  );
  return descriptions;
}

/** The answer's shape: every selected field with its type, indented like the query. */
function responseShape(schema: GraphQLSchema, operation: OperationDefinitionNode): string {
  const root = operation.operation === 'mutation' ? schema.getMutationType()! : schema.getQueryType()!;
  const lines: string[] = [];
  const walk = (selectionSet: SelectionSetNode, parent: ReturnType<typeof getNamedType>, depth: number) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind !== Kind.FIELD || !parent || !('getFields' in parent)) continue;
      const field = parent.getFields()[selection.name.value];
      if (!field) continue;
      const name = selection.alias?.value ?? selection.name.value;
      lines.push(`${'  '.repeat(depth)}${name}: ${String(field.type)}${selection.selectionSet ? ' {' : ''}`);
      if (selection.selectionSet) {
        walk(selection.selectionSet, getNamedType(field.type), depth + 1);
        lines.push(`${'  '.repeat(depth)}}`);
      }
    }
  };
  walk(operation.selectionSet, root, 0);
  return lines.join('\n');
}

/** The codes a mutation's `userErrors` may carry, from the schema's `UserErrorCode`. */
function userErrorCodes(schema: GraphQLSchema): [string, string][] {
  const codes = schema.getType('UserErrorCode');
  return codes && isEnumType(codes) ? codes.getValues().map((value) => [value.name, value.description ?? '']) : [];
}

const fence = (language: string, text: string) => `\`\`\`${language}\n${text}\n\`\`\``;

/**
 * The partner contract, generated from the registered operations and the
 * API schema: for each current operation its purpose, id (and the earlier ids
 * still accepted), variables with types and descriptions, an example
 * request, the response shape and the error codes. Written to
 * `schema/operations/PARTNERS.md` by `npm run operations` and served by the
 * gateway at `/docs/partners`.
 */
export function renderPartnerDocs(manifest: PersistedQueryManifest, examples: Record<string, unknown>, apiSdl = readFileSync(API_SCHEMA_PATH, 'utf8')): string {
  const schema = buildSchema(apiSdl);
  const current = manifest.operations.filter((operation) => !operation.supersededBy);
  const out: string[] = [
    '# Partner operations',
    '',
    '<!-- Generated by `npm run operations` from schema/operations/ and schema/api.graphql. Do not edit. -->',
    '',
    'Partner keys run these registered operations only, by id: `GET /graphql?documentId=<id>&variables=<json>` for',
    'queries (cacheable), `POST /graphql` with `{"documentId": "<id>", "variables": {…}}` for mutations. Send the key',
    'as `x-api-key`. `extensions.persistedQuery.sha256Hash` works in place of `documentId`. When an operation',
    'changes, its earlier id keeps working until it is retired; the earlier ids are listed with it.',
    '',
    '## Errors every operation may answer with',
    '',
    '| code | meaning |',
    '| --- | --- |',
    ...COMMON_ERRORS.map(([code, meaning]) => `| \`${code}\` | ${meaning} |`),
    '',
  ];
  for (const operation of current) {
    const definition = parse(operation.body).definitions.find((node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION)!;
    const descriptions = variableDescriptions(schema, definition);
    const earlier = manifest.operations.filter((candidate) => candidate.supersededBy === operation.id);
    const variables = examples[operation.name] ?? {};
    out.push(`## ${operation.name}`, '', descriptionOf(operation.name) || `A registered ${operation.type}.`, '');
    out.push(`- **Type:** ${operation.type}`, `- **Id:** \`${operation.id}\``);
    if (earlier.length > 0) out.push(`- **Earlier ids still accepted:** ${earlier.map((candidate) => `\`${candidate.id}\``).join(', ')}`);
    out.push('', '### Variables', '');
    if ((definition.variableDefinitions ?? []).length === 0) out.push('None.', '');
    else {
      out.push('| name | type | description |', '| --- | --- | --- |');
      for (const variable of definition.variableDefinitions ?? []) {
        out.push(`| \`${variable.variable.name.value}\` | \`${print(variable.type)}\` | ${(descriptions.get(variable.variable.name.value) ?? '').replaceAll('\n', ' ').replaceAll('|', '\\|')} |`);
      }
      out.push('');
    }
    out.push('### Example request', '');
    const json = JSON.stringify(variables);
    out.push(
      fence(
        'sh',
        operation.type === 'query'
          ? `curl -s -H 'x-api-key: <your key>' \\\n  'https://<gateway>/graphql?documentId=${operation.id}&variables=${encodeURIComponent(json)}'`
          : `curl -s -H 'x-api-key: <your key>' -H 'content-type: application/json' https://<gateway>/graphql \\\n  -d '${JSON.stringify({ documentId: operation.id, variables })}'`,
      ),
      '',
      '### Response',
      '',
      fence('graphql', `data: {\n${responseShape(schema, definition).replace(/^/gm, '  ')}\n}`),
      '',
    );
    if (operation.type === 'mutation') {
      out.push('A refusal comes back in `userErrors` (with the input `field` it concerns), never as an error; its `code` is one of:', '');
      out.push(userErrorCodes(schema).map(([code, meaning]) => `\`${code}\` (${meaning.replaceAll('\n', ' ')})`).join(', '), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
