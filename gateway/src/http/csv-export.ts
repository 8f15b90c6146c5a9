import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { stringify } from 'csv-stringify';
import { Kind, parse, type SelectionSetNode } from 'graphql';
import type { Request, RequestHandler, Response } from 'express';
import type { GatewayContext } from '../context.ts';
import type { RegisteredOperations } from '../persisted-operations.ts';
import type { Refuse } from './graphql-error.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Row = Map<string, string | number | boolean>;

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether the client prefers CSV to JSON (`Accept: text/csv`, or CSV with a higher weight). */
export function wantsCsv(request: Request): boolean {
  if (!request.headers.accept) return false;
  return request.accepts(['application/json', 'application/graphql-response+json', 'text/csv']) === 'text/csv';
}

/** The hash of the registered operation a request runs, once `documentId` has been turned into one. */
function persistedHashOf(request: Request): string | undefined {
  let extensions: unknown = (request.body as { extensions?: unknown } | undefined)?.extensions;
  if (request.method === 'GET') {
    try {
      extensions = JSON.parse(new URL(request.url, 'http://gateway').searchParams.get('extensions') ?? 'null');
    } catch {
      return undefined;
    }
  }
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | null)?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

/**
 * The fields an operation selects, by response key (alias or name), with
 * fragments merged in: `null` for a leaf, the nested selection otherwise.
 */
export type Shape = Map<string, Shape | null>;

export function shapeOf(body: string): Shape {
  const document = parse(body);
  const fragments = new Map(document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]));
  const collect = (selectionSet: SelectionSetNode, into: Shape, visiting: Set<string>): Shape => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!selection.selectionSet) {
          if (!into.has(key)) into.set(key, null);
          continue;
        }
        const nested = into.get(key) ?? new Map();
        into.set(key, collect(selection.selectionSet, nested, visiting));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet, into, visiting);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !visiting.has(fragment.name.value)) collect(fragment.selectionSet, into, new Set([...visiting, fragment.name.value]));
      }
    }
    return into;
  };
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operation ? collect(operation.selectionSet, new Map(), new Set()) : new Map();
}

/** The dotted names of a shape's leaves, in selection order. */
function leavesOf(shape: Shape, prefix = ''): string[] {
  return [...shape].flatMap(([key, nested]) => (nested ? leavesOf(nested, `${prefix}${key}.`) : [`${prefix}${key}`]));
}

/**
 * The rows a result exports, and the field path that leads to them: the
 * first list of objects found in `data` (depth first, in field order; a
 * connection's `edges` give their `node`s), or the root object as one row
 * when the result has no such list.
 */
export function rowsOf(data: JsonObject, shape: Shape = new Map()): { rows: JsonObject[]; path: string[] } {
  const findList = (value: Json, path: string[], at: Shape | null | undefined): { rows: JsonObject[]; path: string[] } | undefined => {
    if (Array.isArray(value)) {
      const objects = value.filter(isObject);
      // An empty list is a list of objects when the operation selects fields of its items.
      if (objects.length === 0 && !at) return undefined;
      const edges = objects.length > 0 ? objects.every((edge) => 'node' in edge) : at?.get('node') instanceof Map;
      if (edges) return { rows: objects.map((edge) => edge.node).filter(isObject), path: [...path, 'node'] };
      return { rows: objects, path };
    }
    if (!isObject(value)) return undefined;
    for (const [key, field] of Object.entries(value)) {
      const found = findList(field, [...path, key], at?.get(key));
      if (found) return found;
    }
    return undefined;
  };
  const list = findList(data, [], shape);
  if (list) return list;
  const roots = Object.entries(data);
  if (roots.length === 1) return { rows: isObject(roots[0]![1]) ? [roots[0]![1]] : [], path: [roots[0]![0]] };
  return { rows: [data], path: [] };
}

/** A text cell a spreadsheet would run as a formula gets a leading `'` (a plain negative number stays as it is). */
export function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^-\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

/** One row's cells by dotted column name: nested objects flattened, scalar lists joined with `;`, lists of objects as JSON. */
export function flatten(object: JsonObject, prefix = '', row: Row = new Map()): Row {
  for (const [key, value] of Object.entries(object)) {
    const column = prefix ? `${prefix}.${key}` : key;
    if (isObject(value)) flatten(value, column, row);
    else if (value === null) continue;
    else if (Array.isArray(value)) {
      const text = value.some((item) => typeof item === 'object' && item !== null) ? JSON.stringify(value) : value.map((item) => (item === null ? '' : String(item))).join(';');
      row.set(column, neutralised(text));
    } else row.set(column, typeof value === 'string' ? neutralised(value) : value);
  }
  return row;
}

/**
 * The columns: the leaves the operation selects for a row, in selection
 * order (so a field that is null in every row, or an empty list, still has
 * its column), except that a list of objects is one column of JSON.
 */
export function columnsOf(rowShape: Shape | undefined, rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const column of row.keys()) seen.add(column);
  const columns = new Set<string>();
  for (const leaf of rowShape ? leavesOf(rowShape) : []) {
    const parts = leaf.split('.');
    const whole = parts.map((_part, index) => parts.slice(0, index + 1).join('.')).find((column) => column !== leaf && seen.has(column));
    columns.add(whole ?? leaf);
  }
  for (const column of seen) columns.add(column);
  return [...columns];
}

function sendApolloAnswer(response: Response, status: number, headers: HeaderMap, body: string): void {
  for (const [key, value] of headers) response.setHeader(key, value);
  response.status(status).send(body);
}

/**
 * `Accept: text/csv` on a registered query (by `documentId` or persisted-query
 * hash, GET or POST): Apollo Server runs it as for JSON (same context,
 * limits, plugins and metrics), then the rows of its result are streamed as
 * CSV with a header row. An answer without data (or with errors and no
 * rows) goes out as JSON unchanged; partial data is exported with `X-Partial-Errors` (the number of errors) and
 * `X-Partial-Error-Codes`. Anything else asking for CSV is `NOT_ACCEPTABLE`
 * (406). Other requests pass on to the ordinary GraphQL handler.
 */
export function csvExport(
  apollo: ApolloServer<GatewayContext>,
  registered: RegisteredOperations,
  refuse: Refuse,
  contextOf: (request: Request) => Promise<GatewayContext>,
): RequestHandler {
  // Registered operations are fixed for the life of the process, so each one's selection is read once.
  const shapes = new Map<string, Shape>();
  return async (request, response, next) => {
    if (!wantsCsv(request)) return next();
    const hash = persistedHashOf(request);
    const operation = hash === undefined ? undefined : registered.byId.get(hash);
    if (!operation) {
      refuse(response, 406, 'NOT_ACCEPTABLE', 'Only registered queries are answered as text/csv; send the operation by its documentId, or ask for application/json.');
      return;
    }
    if (operation.type !== 'query') {
      refuse(response, 406, 'NOT_ACCEPTABLE', `${operation.name} is a ${operation.type}; only registered queries are answered as text/csv.`);
      return;
    }
    try {
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      headers.set('accept', 'application/json');
      const answer = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method.toUpperCase(), headers, search: new URL(request.url, 'http://gateway').search, body: request.body },
        context: () => contextOf(request),
      });
      if (answer.body.kind !== 'complete') throw new Error('a registered query answered in several parts');
      const status = answer.status ?? 200;
      const result = JSON.parse(answer.body.string) as { data?: JsonObject | null; errors?: { extensions?: { code?: unknown } }[] };
      if (status !== 200 || !isObject(result.data ?? null)) {
        sendApolloAnswer(response, status, answer.headers, answer.body.string);
        return;
      }
      const shape = shapes.get(operation.id) ?? shapeOf(operation.body);
      shapes.set(operation.id, shape);
      const found = rowsOf(result.data!, shape);
      const rows = found.rows.map((row) => flatten(row));
      let rowShape: Shape | null | undefined = shape;
      for (const key of found.path) rowShape = rowShape?.get(key);
      const errors = result.errors ?? [];
      if (errors.length > 0 && rows.length === 0) {
        // Nothing came but errors: the JSON answer says what went wrong, where.
        sendApolloAnswer(response, status, answer.headers, answer.body.string);
        return;
      }
      const columns = columnsOf(rowShape ?? undefined, rows);
      for (const [key, value] of answer.headers) {
        if (key !== 'content-type' && key !== 'content-length') response.setHeader(key, value);
      }
      response.vary('accept');
      response.setHeader('content-type', 'text/csv; charset=utf-8');
      response.setHeader('content-disposition', `attachment; filename=${operation.name}.csv`);
      if (errors.length > 0) {
        response.setHeader('x-partial-errors', String(errors.length));
        const codes = [...new Set(errors.map((error) => (typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR')))];
        response.setHeader('x-partial-error-codes', codes.join(', '));
      }
      response.status(200);
      const cells = function* () {
        for (const row of rows) yield columns.map((column) => row.get(column) ?? '');
      };
      await pipeline(Readable.from(cells()), stringify({ header: columns.length > 0, columns, cast: { boolean: (value) => String(value) } }), response);
    } catch (error) {
      if (response.headersSent) response.destroy(error as Error);
      else next(error);
    }
  };
}
