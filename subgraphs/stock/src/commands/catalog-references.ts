import { refused, userError, type CatchUpOutcome, type CommandResult, type EventCatchUp, type Queryable } from '@inventory/platform';
import { restsOnCatalogCopy } from '../domain/catalog-facts.ts';

/** The catalog entities a write in stock names. */
export interface CatalogReferences {
  readonly partNumberIds: readonly string[];
  readonly assetIds: readonly string[];
}

/** Brings stock's copies of these entities up to catalog's committed state, within a bounded wait. */
export type CatalogSync = (db: Queryable, references: CatalogReferences) => Promise<CatchUpOutcome>;

/** The catalog sync of a stock process: the events that feed `stock.catalog_part_number` and `stock.catalog_asset`. */
export function catalogSync(catchUp: EventCatchUp): CatalogSync {
  return (db, references) =>
    catchUp.catchUp(db, [
      { topic: 'catalog.part_number.saved', field: 'partNumberId', values: references.partNumberIds },
      { topic: 'catalog.asset.saved', field: 'assetId', values: references.assetIds },
    ]);
}

/**
 * Runs a write that names catalog entities with read-your-writes across
 * subgraphs. Stock learns of part numbers and assets from catalog's events,
 * so a client that creates one in catalog and names it in stock at once
 * may be ahead of them. When `run` is refused on what stock's copy says
 * about a named part or asset, the events about them still in flight are
 * applied (waiting at most the sync's bound) and `run` is tried again on
 * the current copy (also when nothing was in flight any more: the consumer
 * may have applied it meanwhile). Its refusal then stands: `NOT_FOUND`
 * means the entity does not exist. When the wait runs out, the write
 * is refused with `NOT_YET_AVAILABLE`, and retrying it later is safe.
 * `run` must change nothing when it refuses (every command's refusals roll
 * back), so it is safe to run twice.
 */
export async function withCatalogCaughtUp<T>(
  db: Queryable,
  sync: CatalogSync | null,
  references: CatalogReferences,
  run: () => Promise<CommandResult<T>>,
): Promise<CommandResult<T>> {
  const first = await run();
  const resting = first.userErrors.find(restsOnCatalogCopy);
  if (sync === null || resting === undefined) return first;
  const outcome = await sync(db, references);
  if (outcome === 'timed-out') {
    return refused([
      userError('NOT_YET_AVAILABLE', 'Catalog has changed what this names, and stock has not caught up yet; nothing was changed, retry shortly.', resting.field),
    ]);
  }
  return run();
}
