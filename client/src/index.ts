import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { generatePersistedQueryIdsFromManifest } from '@apollo/persisted-query-lists';
import manifest from '@inventory/schema/persisted-operations.json' with { type: 'json' };

export * from './generated/graphql.ts';
/** For operations of a caller's own (roles other than partner may send text). */
export { gql } from '@apollo/client';

export interface InventoryClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `https://inventory.example.com/graphql`. */
  readonly url: string;
  /** Sent as `x-api-key`; or use `headers` for `Authorization: Bearer <jwt>`. */
  readonly apiKey?: string;
  readonly headers?: Record<string, string>;
  /**
   * `registered` (partner keys): every operation goes by its registered id
   * only, as a GET that caches can keep for queries. `any` (other roles):
   * registered operations go by id too, anything else as text.
   */
  readonly operations?: 'registered' | 'any';
  /** For tests and servers without a global `fetch`. */
  readonly fetch?: typeof fetch;
}

/** The current version of every registered operation (earlier versions stay callable for deployed partners, but this client sends the current one). */
const CURRENT = { operations: manifest.operations.filter((operation) => !('supersededBy' in operation)) };
/** Registered operations by name, from `schema/persisted-operations.json`. */
const REGISTERED = new Map(CURRENT.operations.map((operation) => [operation.name, operation]));

/** Whether `name` is one of the registered operations (and so callable by id). */
export function isRegisteredOperation(name: string): boolean {
  return REGISTERED.has(name);
}

/**
 * An Apollo Client for the inventory API. The typed documents exported here
 * (`StockByPartCodeDocument`, ...) are the registered operations: passed to
 * `client.query`/`client.mutate`, they are sent by their registered id and
 * their result and variables are typed. The cache identifies every object
 * by its type and `id`, so a mutation's payload updates what queries show.
 */
export function createInventoryClient(options: InventoryClientOptions): ApolloClient {
  const headers = { ...(options.apiKey ? { 'x-api-key': options.apiKey } : {}), ...options.headers };
  const http = new HttpLink({ uri: options.url, headers, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const registered = generatePersistedQueryIdsFromManifest({ loadManifest: () => CURRENT });
  const byId = createPersistedQueryLink({
    generateHash: registered.generateHash,
    useGETForHashedQueries: true,
    // A registered operation is always known by id: never fall back to sending its text.
    disable: () => false,
    retry: () => false,
  });
  const link =
    options.operations === 'registered'
      ? byId.concat(http)
      : ApolloLink.split((operation) => operation.operationName !== undefined && REGISTERED.has(operation.operationName), byId.concat(http), http);
  return new ApolloClient({ link, cache: new InMemoryCache() });
}
