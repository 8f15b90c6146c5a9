/** An asset owned by the catalog subgraph, known here only by its key. */
export interface AssetRef {
  readonly id: string;
}

/** A location owned by the stock subgraph, known here only by its key. */
export interface LocationRef {
  readonly id: string;
}
