import type { Database, Queryable, RequestInfo } from '@inventory/platform';
import type { CatalogSync } from './commands/catalog-references.ts';
import type { StockSettings } from './config.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** What every stock resolver receives. */
export interface Context extends RequestInfo {
  readonly db: Database;
  /**
   * Where the analyst reports read: a streaming replica when one is
   * configured, so they may lag the primary. Only reports use it; what a
   * client reads after its own write comes from `db`.
   */
  readonly reports: Queryable;
  readonly loaders: Loaders;
  /** The configured stock rules (approval thresholds). */
  readonly settings: StockSettings;
  /** Applies catalog's events in flight about named parts and assets (read-your-writes); null where no consumer runs. */
  readonly catalogSync: CatalogSync | null;
}

/** A fresh context (and fresh loaders) for one request. */
export function createContext(
  { db, reportDb }: { db: Database; reportDb: Queryable },
  request: RequestInfo,
  settings: StockSettings,
  catalogSync: CatalogSync | null = null,
): Context {
  return { ...request, db, reports: reportDb, loaders: createLoaders(db, reportDb), settings, catalogSync };
}
