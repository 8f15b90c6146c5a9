/** A part number owned by catalog, referenced by key; catalog resolves the rest. */
export interface PartNumberRef {
  readonly id: string;
}

/**
 * An asset owned by catalog, referenced by key; catalog resolves the rest.
 * Stock's key for Asset carries the asset's part number (so the gateway
 * fetches an asset's stock facts and its part number's balances in one call);
 * every reference stock makes knows it, and a reference that arrives without
 * it is completed from stock's copy of the catalog asset.
 */
export interface AssetRef {
  readonly id: string;
  readonly partNumberId: string | null;
}
