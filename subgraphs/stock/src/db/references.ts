import type { UserError } from '@inventory/platform';

/** A part number owned by catalog, referenced by key; catalog resolves the rest. */
export interface PartNumberRef {
  readonly id: string;
}

/** An asset owned by catalog, referenced by key; catalog resolves the rest. */
export interface AssetRef {
  readonly id: string;
}

/**
 * A domain refusal as the resolvers return it. The platform's code union
 * spans every subgraph; this one's SDL enum lists the codes stock uses.
 */
export type UserErrorRow = UserError;
