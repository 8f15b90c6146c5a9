/**
 * Entities owned by other subgraphs, as approvals hold them: only the key.
 * Their other fields are resolved by their owners through federation.
 */

/** A catalog asset, by reference. */
export interface AssetRef {
  readonly id: string;
}

/** A stock movement, by reference. */
export interface MovementRef {
  readonly id: string;
}
