/** A part number owned by catalog, referenced by key; catalog resolves the rest. */
export interface PartNumberRef {
  readonly id: string;
}

/** An asset owned by catalog, referenced by key; catalog resolves the rest. */
export interface AssetRef {
  readonly id: string;
}
