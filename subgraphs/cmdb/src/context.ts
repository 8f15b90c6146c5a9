import type { Database, Queryable, RequestInfo } from '@inventory/platform';
import { createLoaders, type Loaders } from './loaders.ts';

/** What every CMDB resolver receives. */
export interface Context extends RequestInfo {
  readonly db: Database;
  readonly loaders: Loaders;
}

/** A fresh context (and fresh loaders) for one request. */
export function createContext({ db, reportDb }: { db: Database; reportDb: Queryable }, request: RequestInfo): Context {
  return { ...request, db, loaders: createLoaders(db, reportDb) };
}
