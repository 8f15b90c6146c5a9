import type { Database, RequestInfo } from '@inventory/platform';
import type { CatalogSync } from './commands/catalog-references.ts';
import type { StockSettings } from './config.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** What every stock resolver receives. */
export interface Context extends RequestInfo {
  readonly db: Database;
  readonly loaders: Loaders;
  /** The configured stock rules (approval thresholds). */
  readonly settings: StockSettings;
  /** Applies catalog's events in flight about named parts and assets (read-your-writes); null where no consumer runs. */
  readonly catalogSync: CatalogSync | null;
}

/** A fresh context (and fresh loaders) for one request. */
export function createContext(db: Database, request: RequestInfo, settings: StockSettings, catalogSync: CatalogSync | null = null): Context {
  return { ...request, db, loaders: createLoaders(db), settings, catalogSync };
}
