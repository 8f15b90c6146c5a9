import type { Request, RequestHandler } from 'express';
import { hasRole } from '@inventory/platform';
import { sha256, type RegisteredOperations } from '../persisted-operations.ts';
import type { Refuse } from './graphql-error.ts';

interface GraphQLBody {
  query?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } & Record<string, unknown>;
  [key: string]: unknown;
}

/** The parts of a request that say which document to run, for POST (body) and GET (query string). */
function documentOf(request: Request): { query?: string; documentId?: string; hash?: string } {
  if (request.method === 'GET') {
    const url = new URL(request.originalUrl, 'http://gateway');
    let hash: string | undefined;
    try {
      const extensions = JSON.parse(url.searchParams.get('extensions') ?? '{}') as GraphQLBody['extensions'];
      hash = typeof extensions?.persistedQuery?.sha256Hash === 'string' ? extensions.persistedQuery.sha256Hash : undefined;
    } catch {
      // Apollo Server answers malformed extensions itself.
    }
    return { query: url.searchParams.get('query') ?? undefined, documentId: url.searchParams.get('documentId') ?? undefined, hash };
  }
  const body = (request.body ?? {}) as GraphQLBody;
  return {
    query: typeof body.query === 'string' ? body.query : undefined,
    documentId: typeof body.documentId === 'string' ? body.documentId : undefined,
    hash: typeof body.extensions?.persistedQuery?.sha256Hash === 'string' ? body.extensions.persistedQuery.sha256Hash : undefined,
  };
}

/** Rewrites a `documentId` request into Apollo's persisted-query form, which Apollo Server executes. */
function useDocumentIdAsPersistedQuery(request: Request, documentId: string): void {
  const persistedQuery = { version: 1, sha256Hash: documentId };
  if (request.method === 'GET') {
    const url = new URL(request.url, 'http://gateway');
    url.searchParams.delete('documentId');
    url.searchParams.set('extensions', JSON.stringify({ persistedQuery }));
    request.url = `${url.pathname}${url.search}`;
    return;
  }
  const { documentId: _documentId, ...body } = request.body as GraphQLBody;
  request.body = { ...body, extensions: { ...(body.extensions ?? {}), persistedQuery } };
}

/**
 * Registered operations and the partner safelist, before Apollo Server runs:
 * - `documentId` (POST body or GET parameter) names a registered operation;
 *   an unknown one is `PERSISTED_QUERY_NOT_IN_LIST`.
 * - A partner may run registered operations only: text that is not a
 *   registered body is `QUERY_NOT_IN_SAFELIST`, an unknown hash is
 *   `PERSISTED_QUERY_NOT_IN_LIST`. Other roles may also send text and APQ.
 * - A key bound to a list of operations runs those and nothing else:
 *   another registered operation is `FORBIDDEN`, text as for partners.
 */
export function persistedDocuments(registered: RegisteredOperations, refuse: Refuse): RequestHandler {
  return (request, response, next) => {
    const { query, documentId, hash } = documentOf(request);
    /** Whether the caller's key may run registered operation `id`; refuses the request when not. */
    const allowedByKey = (id: string): boolean => {
      const allowed = request.caller?.operations;
      const name = registered.byId.get(id)?.name;
      if (!allowed || (name !== undefined && allowed.includes(name))) return true;
      refuse(response, 403, 'FORBIDDEN', `This key may run only ${allowed.join(', ')}.`);
      return false;
    };
    if (documentId !== undefined) {
      if (query !== undefined || hash !== undefined) {
        refuse(response, 400, 'BAD_REQUEST', 'Send a documentId or a document (query text or persisted-query hash), not both.');
        return;
      }
      if (!registered.byId.has(documentId)) {
        refuse(response, 400, 'PERSISTED_QUERY_NOT_IN_LIST', 'No registered operation has this documentId.');
        return;
      }
      if (!allowedByKey(documentId)) return;
      useDocumentIdAsPersistedQuery(request, documentId);
      return next();
    }
    if (query !== undefined && hash !== undefined && hash !== sha256(query)) {
      refuse(response, 400, 'BAD_USER_INPUT', 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query text.');
      return;
    }
    const partnerOnly = request.caller !== undefined && hasRole(request.caller, 'partner') && request.caller.roles.every((role) => role === 'partner');
    // A key bound to a list of operations runs those registered operations and nothing else, whatever its roles.
    if (!partnerOnly && !request.caller?.operations) return next();
    if (query !== undefined) {
      const id = sha256(query);
      if (!registered.byId.has(id)) {
        refuse(response, 400, 'QUERY_NOT_IN_SAFELIST', 'This key may run registered operations only; send its id as documentId.');
        return;
      }
      if (allowedByKey(id)) next();
      return;
    }
    if (hash !== undefined && !registered.byId.has(hash)) {
      refuse(response, 400, 'PERSISTED_QUERY_NOT_IN_LIST', 'No registered operation has this id.');
      return;
    }
    if (hash === undefined || allowedByKey(hash)) next();
  };
}
