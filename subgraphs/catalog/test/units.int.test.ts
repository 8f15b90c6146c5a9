import { mutate, refusals, startSubgraphForTest, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';

describe('units of measure in the catalog', () => {
  let catalog: SubgraphUnderTest;

  beforeAll(async () => {
    catalog = await startSubgraphForTest(start, inject('databaseUrl'));
  });
  afterAll(() => catalog?.stop());

  const create = (input: Record<string, unknown>) =>
    mutate(catalog, 'createPartNumber', 'partNumber { id unitOfMeasure unitDecimalPlaces reorderPoint }', { code: `PN-U-${uniqueTag()}`, description: 'Unit test part', ...input });

  it('lists each unit with its precision: EA whole units, M, KG and L decimals', async () => {
    const { data } = await catalog.execute('{ unitsOfMeasure { code decimalPlaces } }');
    const places = Object.fromEntries(data.unitsOfMeasure.map((unit: { code: string; decimalPlaces: number }) => [unit.code, unit.decimalPlaces]));
    expect(places).toMatchObject({ EA: 0, M: 3, KG: 3, L: 3 });
  });

  it('refuses an unknown unit, and stock levels finer than the unit counts', async () => {
    expect(refusals(await create({ unitOfMeasure: 'FURLONG' }))).toEqual(['INVALID_VALUE:input.unitOfMeasure']);
    expect(refusals(await create({ unitOfMeasure: 'EA', reorderPoint: '2.5' }))).toEqual(['INVALID_VALUE:input.reorderPoint']);
    const metre = await create({ unitOfMeasure: 'M', reorderPoint: '2.5' });
    expect(metre).toMatchObject({ partNumber: { unitOfMeasure: 'M', unitDecimalPlaces: 3, reorderPoint: '2.5' }, userErrors: [] });
    const changed = await mutate(catalog, 'updatePartNumber', 'partNumber { id }', { id: metre.partNumber.id, unitOfMeasure: 'EA' });
    expect(refusals(changed)).toEqual(['INVALID_VALUE:input.reorderPoint']);
  });

  it('holds a supplier offer\'s minimum order quantity to the part\'s unit', async () => {
    const part = await create({ unitOfMeasure: 'EA' });
    const supplier = await mutate(catalog, 'createSupplier', 'supplier { id }', { name: `Units ${uniqueTag()}` });
    const offer = (minimumOrderQuantity: string) => mutate(catalog, 'createSupplierOffer', 'supplierOffer { id minimumOrderQuantity }', {
      partNumberId: part.partNumber.id, supplierId: supplier.supplier.id, sku: `U-${uniqueTag()}`, minimumOrderQuantity,
    });
    expect(refusals(await offer('2.5'))).toEqual(['INVALID_VALUE:input.minimumOrderQuantity']);
    const whole = await offer('3');
    expect(whole).toMatchObject({ supplierOffer: { minimumOrderQuantity: '3' }, userErrors: [] });
    const changed = await mutate(catalog, 'updateSupplierOffer', 'supplierOffer { id }', { id: whole.supplierOffer.id, minimumOrderQuantity: '0.5' });
    expect(refusals(changed)).toEqual(['INVALID_VALUE:input.minimumOrderQuantity']);
  });

  it('tells stock the precision with every saved part number', async () => {
    const created = await create({ unitOfMeasure: 'KG' });
    const [event] = await catalog.db.query<{ places: number }>(
      't',
      `SELECT (payload->>'unitDecimalPlaces')::int AS places FROM outbox.event
       WHERE topic = 'catalog.part_number.saved' AND payload->>'partNumberId' = $1`,
      [created.partNumber.id],
    );
    expect(event).toEqual({ places: 3 });
  });
});
