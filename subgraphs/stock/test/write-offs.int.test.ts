import { mutate, refusals, type SubgraphUnderTest } from '@inventory/platform/testing';
import type { EventPayload } from '@inventory/schema/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf, createAsset, createLocation, createPart, EventBus, ledgerDisagreements, record, type Place, startStockFixture } from './helpers.ts';

type AssetStatus = EventPayload<'catalog.asset.saved'>['status'];

describe('write-offs: a scrapped, lost or disposed asset leaves stock', () => {
  let stock: SubgraphUnderTest;
  let bus: EventBus;
  let warehouse: Place;
  let bin: Place;

  beforeAll(async () => {
    ({ stock, bus, warehouse, bin } = await startStockFixture());
  });
  afterAll(() => stock?.stop());

  /** A serialized part with one asset received into `at`. */
  const assetInStock = async (at: Place) => {
    const part = await createPart(stock.db, bus, { serialized: true });
    const assetId = await createAsset(stock.db, bus, part.id);
    expect((await record(stock, { type: 'INBOUND', partNumberId: part.id, assetId, quantity: '1', unitCost: '800', toLocationId: at.id })).movement.status).toBe('POSTED');
    return { part, assetId };
  };

  /** The `catalog.asset.saved` catalog publishes when the asset's status changes. */
  const statusChanged = (assetId: string, partNumberId: string, status: AssetStatus, version = new Date().toISOString()) => ({
    assetId, partNumberId, serialNumber: `SN-${assetId}`, status, condition: 'DAMAGED', modelId: null, project: null, version,
  });

  /** Where stock has the asset: its location id, or null once it left stock. */
  const whereIs = async (assetId: string) =>
    (await stock.db.query<{ locationId: string | null }>('t', 'SELECT location_id::text AS "locationId" FROM stock.asset_position WHERE asset_id = $1', [assetId]))[0]?.locationId ?? null;

  it('writes an asset off when catalog reports it scrapped, once however often the change is delivered', async () => {
    const { part, assetId } = await assetInStock(bin);
    const scrapped = statusChanged(assetId, part.id, 'SCRAPPED');
    await bus.publishAndApply('catalog.asset.saved', scrapped);
    await bus.publishAndApply('catalog.asset.saved', scrapped);
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 0, reserved: 0 });
    expect(await whereIs(assetId)).toBeNull();
    const writeOffs = await stock.db.query<{ type: string; status: string; documentType: string; unitCost: string }>(
      't',
      `SELECT type, status, document_type AS "documentType", trim_scale(unit_cost)::text AS "unitCost" FROM stock.movement
       WHERE asset_id = $1 AND from_location_id = $2`,
      [assetId, bin.id],
    );
    expect(writeOffs).toEqual([{ type: 'OUTBOUND', status: 'POSTED', documentType: 'WRITE_OFF', unitCost: '800' }]);
    const [audit] = await stock.db.query<{ count: number }>(
      't', `SELECT count(*)::int AS count FROM stock.audit_event WHERE action = 'asset.written_off' AND after->>'assetId' = $1`, [assetId],
    );
    expect(audit).toEqual({ count: 1 });
    expect(await ledgerDisagreements(stock.db, part.id)).toEqual([]);
    // Nothing of it is left to reserve.
    const reservation = await mutate(stock, 'reserveStock', 'reservation { id }', { idempotencyKey: `w-${assetId}`, partNumberId: part.id, locationId: bin.id, quantity: '1' });
    expect(refusals(reservation)).toEqual(['INSUFFICIENT_STOCK:input.quantity']);
  });

  it('writes a lost asset off, and again after it was found and lost once more', async () => {
    const { part, assetId } = await assetInStock(bin);
    const later = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
    await bus.publishAndApply('catalog.asset.saved', statusChanged(assetId, part.id, 'LOST', later(1)));
    expect(await whereIs(assetId)).toBeNull();
    await bus.publishAndApply('catalog.asset.saved', statusChanged(assetId, part.id, 'AVAILABLE', later(2)));
    expect((await record(stock, { type: 'INBOUND', partNumberId: part.id, assetId, quantity: '1', toLocationId: bin.id })).movement.status).toBe('POSTED');
    await bus.publishAndApply('catalog.asset.saved', statusChanged(assetId, part.id, 'LOST', later(3)));
    expect(await whereIs(assetId)).toBeNull();
    expect(await balanceOf(stock.db, part.id, bin.id)).toEqual({ onHand: 0, reserved: 0 });
  });

  it('lets a scrapped asset still in stock leave by an issue, but never move within stock', async () => {
    const { part, assetId } = await assetInStock(bin);
    // As stock's copy read before write-offs existed: scrapped, yet on hand.
    await stock.db.query('t', `UPDATE stock.catalog_asset SET status = 'SCRAPPED' WHERE id = $1`, [assetId]);
    const moved = await record(stock, { type: 'TRANSFER', partNumberId: part.id, assetId, quantity: '1', fromLocationId: bin.id, toLocationId: warehouse.id });
    expect(refusals(moved)).toEqual(['INVALID_TRANSITION:input.assetId']);
    const issued = await record(stock, { type: 'OUTBOUND', partNumberId: part.id, assetId, quantity: '1', fromLocationId: bin.id, reason: 'Scrap' });
    expect(issued.movement).toMatchObject({ status: 'POSTED', unitCost: '800' });
    expect(await whereIs(assetId)).toBeNull();
  });

  it('settles a count that found a lost asset missing, so the count reaches ADJUSTED', async () => {
    const zone = await createLocation(stock, { type: 'WAREHOUSE', parentId: warehouse.id });
    const shelf = await createLocation(stock, { type: 'BIN', parentId: zone.id });
    const { part, assetId } = await assetInStock(shelf);
    const session = (await mutate(stock, 'startCount', 'countSession { id }', { locationId: zone.id })).countSession;
    const closed = await mutate(stock, 'closeCount', 'countSession { status divergences { kind asset { id } } }', { sessionId: session.id });
    expect(closed.countSession.divergences).toEqual([{ kind: 'MISSING', asset: { id: assetId } }]);
    await bus.publishAndApply('catalog.asset.saved', statusChanged(assetId, part.id, 'LOST'));

    const adjusted = await mutate(stock, 'adjustCount', 'countSession { status } movements { type status from { id } }', { sessionId: session.id });
    expect(adjusted.userErrors).toEqual([]);
    expect(adjusted.countSession.status).toBe('ADJUSTED');
    expect(adjusted.movements).toEqual([{ type: 'ADJUSTMENT', status: 'PENDING_APPROVAL', from: { id: shelf.id } }]);
    expect(await balanceOf(stock.db, part.id, shelf.id)).toEqual({ onHand: 0, reserved: 0 });
  });
});
