import type { OutboxEvent, Queryable } from '@inventory/platform';
import { catchUp, type EventPayload } from '@inventory/schema/events';
import { saveAssetValue, savePolicy } from '../db/asset-policies.ts';

/** Applies `approvals.policy.saved` to stock's copy of the asset-action policies; the newest event wins. */
export async function applyPolicySaved(tx: Queryable, payload: EventPayload<'approvals.policy.saved'>, event: OutboxEvent): Promise<void> {
  if (payload.subjectKind !== 'ASSET_ACTION') return;
  await savePolicy(tx, payload, event.id);
}

/** Applies the value carried by `catalog.asset.saved` to stock's copy of asset values; the newest event wins. */
export async function applyAssetValue(tx: Queryable, payload: EventPayload<'catalog.asset.saved'>, event: OutboxEvent): Promise<void> {
  // Events published before the field existed say nothing of the value; the copy made by the migration stands.
  if (payload.acquisitionCost === undefined) return;
  await saveAssetValue(tx, payload.assetId, payload.acquisitionCost, event.id);
}

/**
 * Brings stock's copies of the asset-action policies and of asset
 * `assetId`'s value up to everything approvals and catalog have committed,
 * inside `tx`, so a policy saved or an asset revalued a moment ago counts.
 */
export async function catchUpOnAssetPolicies(tx: Queryable, assetId: string): Promise<void> {
  await catchUp(tx, 'stock', 'approvals.policy.saved', applyPolicySaved);
  await catchUp(tx, 'stock', 'catalog.asset.saved', applyAssetValue, { field: 'assetId', value: assetId });
}
