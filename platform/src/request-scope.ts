import { AsyncLocalStorage } from 'node:async_hooks';

/** What the database module may know of the request it works for. */
export interface RequestScope {
  /** Aborted when the request is abandoned (the gateway gave up, the client went away). */
  readonly signal: AbortSignal;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs `work`, and everything it starts, inside a request's scope. */
export function runInRequestScope<T>(request: RequestScope, work: () => T): T {
  return scope.run(request, work);
}

/** The scope of the request the current code works for, if any (background work has none). */
export function currentRequestScope(): RequestScope | undefined {
  return scope.getStore();
}
