import { toMicros } from '@inventory/platform';
import { describe, expect, it } from 'vitest';
import { checkAsset, checkPartNumber, checkSupplier, checkSupplierOffer, cleanText, type PartNumberDraft } from './rules.ts';

const part: PartNumberDraft = {
  code: 'PN-X-1', description: 'A part', unitOfMeasure: 'EA', category: null, subcategory: null, manufacturer: null, model: null,
  minimumStock: '0', maximumStock: null, reorderPoint: '0', leadTimeDays: null, costCenter: null, metadata: {},
};
const fields = (errors: { field: readonly string[] | null; code: string }[]) => errors.map((error) => `${error.code}:${error.field?.join('.')}`);

describe('catalog field rules', () => {
  it('compares decimals exactly', () => {
    expect(toMicros('12.5')).toBe(12_500_000n);
    expect(toMicros('-0.000001')).toBe(-1n);
    expect(toMicros('100000000000000')).toBe(100_000_000_000_000_000_000n);
  });

  it('trims text and turns empty text into null', () => {
    expect(cleanText('  a ')).toBe('a');
    expect(cleanText('   ')).toBeNull();
    expect(cleanText(undefined)).toBeNull();
  });

  it('accepts a well-formed part number', () => {
    expect(checkPartNumber(part)).toEqual([]);
  });

  it('refuses a malformed code, empty description, bad unit and non-object metadata', () => {
    expect(fields(checkPartNumber({ ...part, code: 'pn x', description: null, unitOfMeasure: 'E A', metadata: [1] }))).toEqual([
      'INVALID_VALUE:input.code', 'INVALID_VALUE:input.description', 'INVALID_VALUE:input.unitOfMeasure', 'INVALID_VALUE:input.metadata',
    ]);
  });

  it('refuses stock levels that contradict each other', () => {
    expect(fields(checkPartNumber({ ...part, minimumStock: '10', maximumStock: '5' }))).toEqual(['INVALID_VALUE:input.maximumStock']);
    expect(fields(checkPartNumber({ ...part, reorderPoint: '50', maximumStock: '40' }))).toEqual(['INVALID_VALUE:input.reorderPoint']);
    expect(fields(checkPartNumber({ ...part, minimumStock: '-1' }))).toEqual(['INVALID_VALUE:input.minimumStock']);
    expect(fields(checkPartNumber({ ...part, leadTimeDays: -3 }))).toEqual(['INVALID_VALUE:input.leadTimeDays']);
  });

  it('refuses a supplier without a name, with a bad website or contact e-mail', () => {
    const errors = checkSupplier({
      name: null, website: 'ftp://x', leadTimeDays: null, notes: null,
      contacts: [{ name: 'Ann', email: 'ann@example.com', phone: null, role: null }, { name: ' ', email: 'nope', phone: null, role: null }],
    });
    expect(fields(errors)).toEqual([
      'INVALID_VALUE:input.name', 'INVALID_VALUE:input.website', 'INVALID_VALUE:input.contacts.1.name', 'INVALID_VALUE:input.contacts.1.email',
    ]);
  });

  it('refuses an offer with a bad currency, negative cost or zero minimum order', () => {
    expect(fields(checkSupplierOffer({ sku: 'X', unitCost: '-1', currency: 'eur', leadTimeDays: 5, minimumOrderQuantity: '0' }))).toEqual([
      'INVALID_VALUE:input.unitCost', 'INVALID_VALUE:input.currency', 'INVALID_VALUE:input.minimumOrderQuantity',
    ]);
  });

  it('refuses a serial number with spaces and maintenance due before the last one', () => {
    const asset = { serialNumber: 'SN 1', batchNumber: null, acquisitionCost: null, lastMaintenanceOn: '2026-05-01', nextMaintenanceOn: '2026-04-01', project: null, notes: null, metadata: {} };
    expect(fields(checkAsset(asset))).toEqual(['INVALID_VALUE:input.serialNumber', 'INVALID_VALUE:input.nextMaintenanceOn']);
  });
});
