import { mutate, startSubgraphForTest, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';

const MICROSECOND_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

describe('the catalog audit trail and outbox events', () => {
  let catalog: SubgraphUnderTest;
  let tag: string;

  beforeAll(async () => {
    catalog = await startSubgraphForTest(start, inject('databaseUrl'));
    tag = uniqueTag();
  });
  afterAll(() => catalog?.stop());

  const eventsAbout = (topic: string, key: string, value: string) =>
    catalog.db.query<{ payload: Record<string, unknown>; requestId: string | null }>(
      'testEvents',
      `SELECT payload, request_id AS "requestId" FROM outbox.event WHERE topic = $1 AND payload->>$2 = $3 ORDER BY id`,
      [topic, key, value],
    );

  it('publishes the whole part number with a microsecond version on every create and update', async () => {
    const created = await mutate(catalog, 'createPartNumber', 'partNumber { id }', {
      code: `PN-EV-${tag}`, description: 'Event part', reorderPoint: '40', minimumStock: '10', maximumStock: '500', serialized: true,
    });
    const id = created.partNumber.id;
    await mutate(catalog, 'updatePartNumber', 'partNumber { id }', { id, reorderPoint: '45' });
    const events = await eventsAbout('catalog.part_number.saved', 'partNumberId', id);
    expect(events).toHaveLength(2);
    expect(events[0]!.payload).toEqual({
      partNumberId: id, code: `PN-EV-${tag}`, description: 'Event part', unitOfMeasure: 'EA', unitDecimalPlaces: 0, category: null, subcategory: null,
      manufacturer: null, model: null, serialized: true, active: true, reorderPoint: '40', minimumStock: '10', maximumStock: '500',
      leadTimeDays: null, costCenter: null, version: expect.stringMatching(MICROSECOND_ISO),
    });
    expect(events[1]!.payload).toMatchObject({ reorderPoint: '45' });
    expect(String(events[1]!.payload.version) > String(events[0]!.payload.version)).toBe(true);
    const [row] = await catalog.db.query<{ version: string }>(
      'testVersion',
      `SELECT to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS version FROM catalog.part_number WHERE id = $1`,
      [id],
    );
    expect(events[1]!.payload.version).toBe(row!.version);
  });

  it('publishes the asset on create, update, status change, assignment and return', async () => {
    const part = await mutate(catalog, 'createPartNumber', 'partNumber { id }', { code: `PN-EVA-${tag}`, description: 'x', serialized: true });
    const { asset } = await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: part.partNumber.id, serialNumber: `SN-EV-${tag}` });
    await mutate(catalog, 'updateAsset', 'asset { id }', { id: asset.id, notes: 'Dented lid' });
    await mutate(catalog, 'assignAsset', 'asset { id }', { assetId: asset.id, assigneeType: 'PERSON', assigneeId: 'E-9' });
    await mutate(catalog, 'returnAsset', 'asset { id }', { assetId: asset.id });
    await mutate(catalog, 'changeAssetStatus', 'asset { id }', { id: asset.id, status: 'LOST' });
    const events = await eventsAbout('catalog.asset.saved', 'assetId', asset.id);
    expect(events.map((event) => event.payload.status)).toEqual(['AVAILABLE', 'AVAILABLE', 'IN_USE', 'AVAILABLE', 'LOST']);
    expect(events[0]!.payload).toEqual({
      assetId: asset.id, partNumberId: part.partNumber.id, serialNumber: `SN-EV-${tag}`, status: 'AVAILABLE', condition: 'NEW',
      modelId: null, project: null, acquisitionCost: null, version: expect.stringMatching(MICROSECOND_ISO),
    });
    const versions = events.map((event) => String(event.payload.version));
    expect([...versions].sort()).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
    expect(events.every((event) => typeof event.requestId === 'string' && event.requestId.length > 0)).toBe(true);
  });

  it('reads the asset timeline newest first, with actor, request id and before/after', async () => {
    const part = await mutate(catalog, 'createPartNumber', 'partNumber { id }', { code: `PN-TL-${tag}`, description: 'x', serialized: true });
    const { asset } = await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: part.partNumber.id, serialNumber: `SN-TL-${tag}` });
    await mutate(catalog, 'changeAssetStatus', 'asset { id }', { id: asset.id, status: 'MAINTENANCE', note: 'Battery swap' });
    const { data, errors } = await catalog.execute(
      `query ($id: ID!) { asset(id: $id) { timeline(first: 10) { totalCount edges { node { action actor actorRoles requestId before after occurredAt } } } } }`,
      { id: asset.id },
    );
    expect(errors).toBeUndefined();
    const timeline = data.asset.timeline;
    expect(timeline.totalCount).toBe(2);
    expect(timeline.edges.map((edge: any) => edge.node.action)).toEqual(['asset.status_changed', 'asset.created']);
    const [changed, created] = timeline.edges.map((edge: any) => edge.node);
    expect(created).toMatchObject({ actor: 'test-operator', actorRoles: ['operator'], before: null, after: { serialNumber: `SN-TL-${tag}`, status: 'AVAILABLE' } });
    expect(changed.before).toMatchObject({ status: 'AVAILABLE' });
    expect(changed.after).toMatchObject({ status: 'MAINTENANCE', note: 'Battery swap', endedAssignment: null });
    expect(changed.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(changed.requestId).not.toBe(created.requestId);
  });

  it('audits every kind of change with its own action', async () => {
    const part = await mutate(catalog, 'createPartNumber', 'partNumber { id }', { code: `PN-AU-${tag}`, description: 'x' });
    await mutate(catalog, 'deactivatePartNumber', 'partNumber { id }', { id: part.partNumber.id }, { inputType: 'DeactivateInput' });
    const supplier = await mutate(catalog, 'createSupplier', 'supplier { id }', { name: `Audit ${tag}` });
    await mutate(catalog, 'createSupplierOffer', 'supplierOffer { id }', { partNumberId: part.partNumber.id, supplierId: supplier.supplier.id, sku: 'S' });
    const { data } = await catalog.execute(`query ($id: ID!) { partNumber(id: $id) { history { edges { node { action before after } } } } }`, { id: part.partNumber.id });
    expect(data.partNumber.history.edges.map((edge: any) => edge.node.action)).toEqual(['part_number.deactivated', 'part_number.created']);
    expect(data.partNumber.history.edges[0].node.before).toMatchObject({ active: true });
    expect(data.partNumber.history.edges[0].node.after).toMatchObject({ active: false });
    const rows = await catalog.db.query<{ action: string }>(
      'testAudit',
      `SELECT action FROM catalog.audit_event WHERE (entity_type = 'Supplier' AND entity_id = $1) OR (entity_type = 'SupplierOffer' AND after->>'supplierId' = $1) ORDER BY id`,
      [supplier.supplier.id],
    );
    expect(rows.map((row) => row.action)).toEqual(['supplier.created', 'supplier_offer.created']);
  });

  it('leaves nothing behind when a mutation is refused', async () => {
    const part = await mutate(catalog, 'createPartNumber', 'partNumber { id }', { code: `PN-NH-${tag}`, description: 'x', serialized: true });
    await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: part.partNumber.id, serialNumber: `SN-NH-${tag}` });
    const duplicate = await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: part.partNumber.id, serialNumber: `SN-NH-${tag}`, notes: 'second' });
    expect(duplicate.userErrors.map((error: any) => error.code)).toEqual(['DUPLICATE']);
    expect(await eventsAbout('catalog.asset.saved', 'serialNumber', `SN-NH-${tag}`)).toHaveLength(1);
    const audits = await catalog.db.query('testAuditCount', `SELECT 1 FROM catalog.audit_event WHERE action = 'asset.created' AND after->>'serialNumber' = $1`, [`SN-NH-${tag}`]);
    expect(audits).toHaveLength(1);
    const refused = await mutate(catalog, 'createPartNumber', 'partNumber { id }', { code: `PN-NH2-${tag}`, description: 'x', minimumStock: '5', maximumStock: '1' });
    expect(refused.partNumber).toBeNull();
    expect(await eventsAbout('catalog.part_number.saved', 'code', `PN-NH2-${tag}`)).toHaveLength(0);
  });

  it('gives one of two concurrent creates of the same code a DUPLICATE, never an internal error', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => mutate(catalog, 'createPartNumber', 'partNumber { id }', { code: `PN-RACE-${tag}`, description: 'race' })),
    );
    expect(results.filter((result) => result.partNumber !== null)).toHaveLength(1);
    expect(results.filter((result) => result.userErrors[0]?.code === 'DUPLICATE')).toHaveLength(5);
  });
});
