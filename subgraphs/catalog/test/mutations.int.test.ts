import { mutate, refusals, startSubgraphForTest, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';

const SPEC_FIELDS = [
  { key: 'cpu', type: 'STRING', required: true, min: 2, max: 40 },
  { key: 'ramGb', type: 'NUMBER', required: true, min: 4, max: 512, unit: 'GB' },
  { key: 'touch', type: 'BOOLEAN', default: false },
  { key: 'formFactor', type: 'ENUM', enumValues: ['CLAMSHELL', 'CONVERTIBLE'] },
  { key: 'released', type: 'DATE' },
  { key: 'managementIp', type: 'IP_ADDRESS' },
  { key: 'mac', type: 'MAC_ADDRESS' },
  { key: 'sku', type: 'STRING', pattern: '[A-Z]{2}-\\d{3}' },
];

describe('catalog mutations', () => {
  let catalog: SubgraphUnderTest;
  let tag: string;

  beforeAll(async () => {
    catalog = await startSubgraphForTest(start, inject('databaseUrl'));
    tag = uniqueTag();
  });
  afterAll(() => catalog?.stop());

  async function publishedCategory(code: string) {
    const category = await mutate(catalog, 'createAssetCategory', 'assetCategory { id code }', { code, name: `Category ${code}` });
    const draft = await mutate(catalog, 'createSpecVersion', 'specVersion { id version status }', { categoryId: category.assetCategory.id, fields: SPEC_FIELDS });
    const published = await mutate(catalog, 'publishSpecVersion', 'specVersion { id status }', { id: draft.specVersion.id });
    expect(published).toEqual({ specVersion: { id: draft.specVersion.id, status: 'ACTIVE' }, userErrors: [] });
    return category.assetCategory.id as string;
  }

  async function serializedPart(code: string) {
    const payload = await mutate(catalog, 'createPartNumber', 'partNumber { id }', { code, description: `Part ${code}`, serialized: true });
    return payload.partNumber.id as string;
  }

  it('builds a catalog from nothing: category with spec, model, part number with a supplier offer, and an asset', async () => {
    const category = await mutate(catalog, 'createAssetCategory', 'assetCategory { id code name active activeSpecVersion { id } }', {
      code: `LAPTOP-${tag}`,
      name: 'Laptops',
      description: 'Portable computers',
    });
    expect(category).toEqual({ assetCategory: { id: expect.any(String), code: `LAPTOP-${tag}`, name: 'Laptops', active: true, activeSpecVersion: null }, userErrors: [] });
    const categoryId = category.assetCategory.id;

    const draft = await mutate(catalog, 'createSpecVersion', 'specVersion { id version status publishedAt fields { key type required unit default enumValues } }', {
      categoryId,
      fields: SPEC_FIELDS,
    });
    expect(draft.userErrors).toEqual([]);
    expect(draft.specVersion).toMatchObject({ version: 1, status: 'DRAFT', publishedAt: null });
    expect(draft.specVersion.fields[1]).toEqual({ key: 'ramGb', type: 'NUMBER', required: true, unit: 'GB', default: null, enumValues: null });
    expect(draft.specVersion.fields[2]).toEqual({ key: 'touch', type: 'BOOLEAN', required: false, unit: null, default: false, enumValues: null });

    const published = await mutate(catalog, 'publishSpecVersion', 'specVersion { status publishedAt category { activeSpecVersion { version } } }', { id: draft.specVersion.id });
    expect(published.specVersion).toEqual({ status: 'ACTIVE', publishedAt: expect.any(String), category: { activeSpecVersion: { version: 1 } } });

    const part = await mutate(catalog, 'createPartNumber', 'partNumber { id code description unitOfMeasure category manufacturer minimumStock maximumStock reorderPoint leadTimeDays serialized active createdBy }', {
      code: `PN-LAP-${tag}`,
      description: 'ThinkPad T14 Gen 5',
      category: 'Laptops',
      manufacturer: 'Lenovo',
      minimumStock: '2',
      maximumStock: '20',
      reorderPoint: '5',
      leadTimeDays: 14,
      serialized: true,
    });
    expect(part).toEqual({
      partNumber: {
        id: expect.any(String), code: `PN-LAP-${tag}`, description: 'ThinkPad T14 Gen 5', unitOfMeasure: 'EA', category: 'Laptops', manufacturer: 'Lenovo',
        minimumStock: '2', maximumStock: '20', reorderPoint: '5', leadTimeDays: 14, serialized: true, active: true, createdBy: 'test-operator',
      },
      userErrors: [],
    });
    const partId = part.partNumber.id;

    const model = await mutate(catalog, 'createAssetModel', 'assetModel { id manufacturer model spec specVersion { version } partNumber { code } category { code } }', {
      categoryId,
      manufacturer: 'Lenovo',
      model: `T14-${tag}`,
      partNumberId: partId,
      spec: { cpu: 'Ryzen 7', ramGb: 32, mac: '00-1a-2b-3c-4d-5e', formFactor: 'CLAMSHELL', released: '2024-05-01', managementIp: '10.0.0.7', sku: 'TP-014' },
    });
    expect(model).toEqual({
      assetModel: {
        id: expect.any(String), manufacturer: 'Lenovo', model: `T14-${tag}`,
        spec: { cpu: 'Ryzen 7', ramGb: 32, touch: false, formFactor: 'CLAMSHELL', released: '2024-05-01', managementIp: '10.0.0.7', mac: '00:1A:2B:3C:4D:5E', sku: 'TP-014' },
        specVersion: { version: 1 }, partNumber: { code: `PN-LAP-${tag}` }, category: { code: `LAPTOP-${tag}` },
      },
      userErrors: [],
    });

    const supplier = await mutate(catalog, 'createSupplier', 'supplier { id name contacts { name email role } website preferred active }', {
      name: `Acme ${tag}`,
      contacts: [{ name: 'Ann Buyer', email: 'ann@acme.example', role: 'Sales' }],
      website: 'https://acme.example',
      leadTimeDays: 10,
    });
    expect(supplier).toEqual({
      supplier: { id: expect.any(String), name: `Acme ${tag}`, contacts: [{ name: 'Ann Buyer', email: 'ann@acme.example', role: 'Sales' }], website: 'https://acme.example', preferred: false, active: true },
      userErrors: [],
    });
    const offer = await mutate(catalog, 'createSupplierOffer', 'supplierOffer { sku unitCost currency minimumOrderQuantity preferred supplier { name } partNumber { code } }', {
      partNumberId: partId,
      supplierId: supplier.supplier.id,
      sku: 'ACME-T14',
      unitCost: '1099.5',
      minimumOrderQuantity: 1,
      preferred: true,
    });
    expect(offer).toEqual({
      supplierOffer: { sku: 'ACME-T14', unitCost: '1099.5', currency: 'EUR', minimumOrderQuantity: '1', preferred: true, supplier: { name: `Acme ${tag}` }, partNumber: { code: `PN-LAP-${tag}` } },
      userErrors: [],
    });

    const asset = await mutate(catalog, 'createAsset', 'asset { serialNumber status condition model { model } partNumber { code } warrantyExpiresOn acquisitionCost project }', {
      partNumberId: partId,
      serialNumber: `SN-${tag}-1`,
      modelId: model.assetModel.id,
      acquiredOn: '2026-01-10',
      acquisitionCost: '1099.50',
      warrantyExpiresOn: '2029-01-10',
      project: `P-${tag}`,
    });
    expect(asset).toEqual({
      asset: {
        serialNumber: `SN-${tag}-1`, status: 'AVAILABLE', condition: 'NEW', model: { model: `T14-${tag}` }, partNumber: { code: `PN-LAP-${tag}` },
        warrantyExpiresOn: '2029-01-10', acquisitionCost: '1099.5', project: `P-${tag}`,
      },
      userErrors: [],
    });

    const { data } = await catalog.execute(`query ($id: ID!) { partNumber(id: $id) { offers { sku } assets { totalCount } } }`, { id: partId });
    expect(data).toEqual({ partNumber: { offers: [{ sku: 'ACME-T14' }], assets: { totalCount: 1 } } });
  });

  it('refuses duplicates of every unique value with DUPLICATE on the field', async () => {
    const code = `PN-DUP-${tag}`;
    const partId = await serializedPart(code);
    expect(refusals(await mutate(catalog, 'createPartNumber', 'partNumber { id }', { code, description: 'again' }))).toEqual(['DUPLICATE:input.code']);
    await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: partId, serialNumber: `SN-DUP-${tag}` });
    const second = await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: partId, serialNumber: `SN-DUP-${tag}` });
    expect(second).toEqual({ asset: null, userErrors: [{ code: 'DUPLICATE', field: ['input', 'serialNumber'], message: 'Another asset already has this serial number.' }] });
    await mutate(catalog, 'createSupplier', 'supplier { id }', { name: `Dup Supplier ${tag}` });
    expect(refusals(await mutate(catalog, 'createSupplier', 'supplier { id }', { name: `dup supplier ${tag}` }))).toEqual(['DUPLICATE:input.name']);
    await mutate(catalog, 'createAssetCategory', 'assetCategory { id }', { code: `CAT-DUP-${tag}`, name: 'x' });
    expect(refusals(await mutate(catalog, 'createAssetCategory', 'assetCategory { id }', { code: `CAT-DUP-${tag}`, name: 'y' }))).toEqual(['DUPLICATE:input.code']);
    const categoryId = await publishedCategory(`CAT-M-${tag}`);
    await mutate(catalog, 'createAssetModel', 'assetModel { id }', { categoryId, manufacturer: 'Dell', model: `M-${tag}`, spec: { cpu: 'i7', ramGb: 16 } });
    expect(refusals(await mutate(catalog, 'createAssetModel', 'assetModel { id }', { categoryId, manufacturer: 'DELL', model: `m-${tag}`, spec: { cpu: 'i7', ramGb: 16 } }))).toEqual(['DUPLICATE:input.model']);
    const supplier = await mutate(catalog, 'createSupplier', 'supplier { id }', { name: `Offerer ${tag}` });
    await mutate(catalog, 'createSupplierOffer', 'supplierOffer { id }', { partNumberId: partId, supplierId: supplier.supplier.id, sku: 'A' });
    expect(refusals(await mutate(catalog, 'createSupplierOffer', 'supplierOffer { id }', { partNumberId: partId, supplierId: supplier.supplier.id, sku: 'B' }))).toEqual(['DUPLICATE:input.supplierId']);
  });

  it('refuses unknown references with NOT_FOUND on the field', async () => {
    const partId = await serializedPart(`PN-NF-${tag}`);
    expect(refusals(await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: '999999999', serialNumber: `SN-NF-${tag}` }))).toEqual(['NOT_FOUND:input.partNumberId']);
    expect(refusals(await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: partId, serialNumber: `SN-NF-${tag}`, modelId: '999999999' }))).toEqual(['NOT_FOUND:input.modelId']);
    expect(refusals(await mutate(catalog, 'updatePartNumber', 'partNumber { id }', { id: '999999999', description: 'x' }))).toEqual(['NOT_FOUND:input.id']);
    expect(refusals(await mutate(catalog, 'createSupplierOffer', 'supplierOffer { id }', { partNumberId: partId, supplierId: '999999999', sku: 'X' }))).toEqual(['NOT_FOUND:input.supplierId']);
    expect(refusals(await mutate(catalog, 'createSpecVersion', 'specVersion { id }', { categoryId: '999999999', fields: [] }))).toEqual(['NOT_FOUND:input.categoryId']);
    expect(refusals(await mutate(catalog, 'changeAssetStatus', 'asset { id }', { id: '999999999', status: 'LOST' }))).toEqual(['NOT_FOUND:input.id']);
    expect(refusals(await mutate(catalog, 'assignAsset', 'asset { id }', { assetId: '999999999', assigneeType: 'PERSON', assigneeId: 'e1' }))).toEqual(['NOT_FOUND:input.assetId']);
    const { data } = await catalog.execute(`{ asset(serialNumber: "SN-NF-${tag}") { id } }`);
    expect(data).toEqual({ asset: null });
  });

  it('refuses malformed values with INVALID_VALUE naming each field', async () => {
    const payload = await mutate(catalog, 'createPartNumber', 'partNumber { id }', {
      code: 'lower case', description: ' ', minimumStock: '10', maximumStock: '5', leadTimeDays: -1, metadata: [1],
    });
    expect(refusals(payload)).toEqual(['INVALID_VALUE:input.code', 'INVALID_VALUE:input.description', 'INVALID_VALUE:input.maximumStock', 'INVALID_VALUE:input.leadTimeDays', 'INVALID_VALUE:input.metadata']);
    const bulk = await mutate(catalog, 'createPartNumber', 'partNumber { id }', { code: `PN-BULK-${tag}`, description: 'Cable' });
    const onBulk = await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: bulk.partNumber.id, serialNumber: `SN-BULK-${tag}` });
    expect(onBulk.userErrors).toEqual([{ code: 'INVALID_VALUE', field: ['input', 'partNumberId'], message: `Part number PN-BULK-${tag} is not serialized; its units are not tracked as assets.` }]);
    const partId = await serializedPart(`PN-IV-${tag}`);
    expect(refusals(await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: partId, serialNumber: 'has space', status: 'SCRAPPED' }))).toEqual([
      'INVALID_VALUE:input.serialNumber', 'INVALID_VALUE:input.status',
    ]);
    expect(refusals(await mutate(catalog, 'createSupplier', 'supplier { id }', { name: `Bad ${tag}`, website: 'acme.example', contacts: [{ name: 'X', email: 'nope' }] }))).toEqual([
      'INVALID_VALUE:input.website', 'INVALID_VALUE:input.contacts.0.email',
    ]);
  });

  it('validates a model spec per field type and names every wrong key', async () => {
    const categoryId = await publishedCategory(`CAT-SPEC-${tag}`);
    const payload = await mutate(catalog, 'createAssetModel', 'assetModel { id }', {
      categoryId,
      manufacturer: 'HP',
      model: `Spec-${tag}`,
      spec: { cpu: 'x', ramGb: 1024, touch: 'yes', formFactor: 'TABLET', released: '2024-13-01', managementIp: '300.1.1.1', mac: 'zz', sku: 'tp-1', colour: 'red' },
    });
    expect(payload.assetModel).toBeNull();
    expect(payload.userErrors).toEqual([
      { code: 'INVALID_VALUE', field: ['input', 'spec', 'colour'], message: expect.stringContaining('"colour" is not a field of this specification') },
      { code: 'INVALID_VALUE', field: ['input', 'spec', 'cpu'], message: '"cpu" must be at least 2 characters long.' },
      { code: 'INVALID_VALUE', field: ['input', 'spec', 'ramGb'], message: '"ramGb" must be at most 512.' },
      { code: 'INVALID_VALUE', field: ['input', 'spec', 'touch'], message: '"touch" must be true or false.' },
      { code: 'INVALID_VALUE', field: ['input', 'spec', 'formFactor'], message: '"formFactor" must be one of CLAMSHELL, CONVERTIBLE.' },
      { code: 'INVALID_VALUE', field: ['input', 'spec', 'released'], message: '"released" must be a date in the form YYYY-MM-DD.' },
      { code: 'INVALID_VALUE', field: ['input', 'spec', 'managementIp'], message: '"managementIp" must be an IPv4 or IPv6 address.' },
      { code: 'INVALID_VALUE', field: ['input', 'spec', 'mac'], message: '"mac" must be a MAC address such as 00:1A:2B:3C:4D:5E.' },
      { code: 'INVALID_VALUE', field: ['input', 'spec', 'sku'], message: '"sku" must match the pattern [A-Z]{2}-\\d{3}.' },
    ]);
    const missing = await mutate(catalog, 'createAssetModel', 'assetModel { id }', { categoryId, manufacturer: 'HP', model: `Spec2-${tag}`, spec: {} });
    expect(refusals(missing)).toEqual(['INVALID_VALUE:input.spec.cpu', 'INVALID_VALUE:input.spec.ramGb']);
    const unpublished = await mutate(catalog, 'createAssetCategory', 'assetCategory { id }', { code: `CAT-NOSPEC-${tag}`, name: 'No spec' });
    const noSpec = await mutate(catalog, 'createAssetModel', 'assetModel { id }', { categoryId: unpublished.assetCategory.id, manufacturer: 'HP', model: `Spec3-${tag}` });
    expect(refusals(noSpec)).toEqual(['INVALID_VALUE:input.categoryId']);
  });

  it('keeps spec versions frozen once published and retires the previous one on publishing', async () => {
    const category = await mutate(catalog, 'createAssetCategory', 'assetCategory { id }', { code: `CAT-VER-${tag}`, name: 'Versions' });
    const categoryId = category.assetCategory.id;
    const badDraft = await mutate(catalog, 'createSpecVersion', 'specVersion { id }', { categoryId, fields: [{ key: 'size', type: 'ENUM' }, { key: 'n', type: 'NUMBER', min: 5, max: 1 }] });
    expect(refusals(badDraft)).toEqual(['INVALID_VALUE:input.fields.0.enumValues', 'INVALID_VALUE:input.fields.1.max']);
    const v1 = await mutate(catalog, 'createSpecVersion', 'specVersion { id version }', { categoryId, fields: [{ key: 'size', type: 'NUMBER' }] });
    await mutate(catalog, 'publishSpecVersion', 'specVersion { id }', { id: v1.specVersion.id });
    expect(refusals(await mutate(catalog, 'updateSpecVersion', 'specVersion { id }', { id: v1.specVersion.id, fields: [] }))).toEqual(['INVALID_TRANSITION:input.id']);
    expect(refusals(await mutate(catalog, 'publishSpecVersion', 'specVersion { id }', { id: v1.specVersion.id }))).toEqual(['INVALID_TRANSITION:input.id']);
    const v2 = await mutate(catalog, 'createSpecVersion', 'specVersion { id version }', { categoryId, fields: [{ key: 'size', type: 'NUMBER', required: true }] });
    expect(v2.specVersion.version).toBe(2);
    const edited = await mutate(catalog, 'updateSpecVersion', 'specVersion { fields { key required } }', { id: v2.specVersion.id, fields: [{ key: 'size', type: 'NUMBER' }, { key: 'colour', type: 'STRING' }] });
    expect(edited.specVersion.fields).toEqual([{ key: 'size', required: false }, { key: 'colour', required: false }]);
    await mutate(catalog, 'publishSpecVersion', 'specVersion { id }', { id: v2.specVersion.id });
    const { data } = await catalog.execute(`query ($id: ID!) { assetCategory(id: $id) { activeSpecVersion { version } specVersions { version status retiredAt } } }`, { id: categoryId });
    expect(data.assetCategory).toEqual({
      activeSpecVersion: { version: 2 },
      specVersions: [{ version: 2, status: 'ACTIVE', retiredAt: null }, { version: 1, status: 'RETIRED', retiredAt: expect.any(String) }],
    });
  });

  it('follows the status transition table and never brings a scrapped asset back', async () => {
    const partId = await serializedPart(`PN-ST-${tag}`);
    const created = await mutate(catalog, 'createAsset', 'asset { id status }', { partNumberId: partId, serialNumber: `SN-ST-${tag}` });
    const id = created.asset.id;
    expect((await mutate(catalog, 'changeAssetStatus', 'asset { status }', { id, status: 'MAINTENANCE', note: 'Fan noise' })).asset).toEqual({ status: 'MAINTENANCE' });
    expect((await mutate(catalog, 'changeAssetStatus', 'asset { status }', { id, status: 'LOST' })).asset).toEqual({ status: 'LOST' });
    // Scrapping needs approval under the demo's disposal policy; here the asset is scrapped as an approved disposal would.
    await catalog.db.query('test:scrapAsset', `UPDATE catalog.asset SET status = 'SCRAPPED' WHERE id = $1`, [id]);
    const back = await mutate(catalog, 'changeAssetStatus', 'asset { status }', { id, status: 'IN_USE' });
    expect(back).toEqual({ asset: null, userErrors: [{ code: 'INVALID_TRANSITION', field: ['input', 'status'], message: 'An asset in status SCRAPPED cannot change status any more.' }] });
    expect(refusals(await mutate(catalog, 'assignAsset', 'asset { id }', { assetId: id, assigneeType: 'PERSON', assigneeId: 'E-1' }))).toEqual(['INVALID_TRANSITION:input.assetId']);
  });

  it('assigns and returns an asset, keeping the assignment history', async () => {
    const partId = await serializedPart(`PN-AS-${tag}`);
    const { asset } = await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: partId, serialNumber: `SN-AS-${tag}` });
    const assigned = await mutate(catalog, 'assignAsset', 'asset { status assignment { assigneeType assigneeId assigneeName assignedBy returnedAt } }', {
      assetId: asset.id, assigneeType: 'PERSON', assigneeId: `E-${tag}`, assigneeName: 'Grace Hopper', note: 'New starter',
    });
    expect(assigned).toEqual({
      asset: { status: 'IN_USE', assignment: { assigneeType: 'PERSON', assigneeId: `E-${tag}`, assigneeName: 'Grace Hopper', assignedBy: 'test-operator', returnedAt: null } },
      userErrors: [],
    });
    const again = await mutate(catalog, 'assignAsset', 'asset { id }', { assetId: asset.id, assigneeType: 'DEPARTMENT', assigneeId: 'IT' });
    expect(again.userErrors).toEqual([{ code: 'INVALID_TRANSITION', field: ['input', 'assetId'], message: 'The asset is already assigned to Grace Hopper; return it first.' }]);
    const { data: mine } = await catalog.execute(`query ($who: String!) { assets(filter: { assigneeId: $who }) { edges { node { serialNumber } } } }`, { who: `E-${tag}` });
    expect(mine.assets.edges).toEqual([{ node: { serialNumber: `SN-AS-${tag}` } }]);
    const returned = await mutate(catalog, 'returnAsset', 'asset { status condition assignment { id } }', { assetId: asset.id, condition: 'GOOD', note: 'Leaver' });
    expect(returned).toEqual({ asset: { status: 'AVAILABLE', condition: 'GOOD', assignment: null }, userErrors: [] });
    expect(refusals(await mutate(catalog, 'returnAsset', 'asset { id }', { assetId: asset.id }))).toEqual(['INVALID_TRANSITION:input.assetId']);
    await mutate(catalog, 'assignAsset', 'asset { id }', { assetId: asset.id, assigneeType: 'SYSTEM', assigneeId: 'CI-LAB' });
    const { data } = await catalog.execute(`query ($id: ID!) { asset(id: $id) { assignments { totalCount edges { node { assigneeId returnedBy returnNote } } } } }`, { id: asset.id });
    expect(data.asset.assignments).toEqual({
      totalCount: 2,
      edges: [
        { node: { assigneeId: 'CI-LAB', returnedBy: null, returnNote: null } },
        { node: { assigneeId: `E-${tag}`, returnedBy: 'test-operator', returnNote: 'Leaver' } },
      ],
    });
  });

  it('updates only the fields given, clears the ones sent as null, and deactivates', async () => {
    const created = await mutate(catalog, 'createPartNumber', 'partNumber { id }', { code: `PN-UP-${tag}`, description: 'Old', category: `Cables-${tag}`, costCenter: 'CC-1' });
    const id = created.partNumber.id;
    const updated = await mutate(catalog, 'updatePartNumber', 'partNumber { description category costCenter reorderPoint }', { id, description: 'New', costCenter: null, reorderPoint: '7' });
    expect(updated).toEqual({ partNumber: { description: 'New', category: `Cables-${tag}`, costCenter: null, reorderPoint: '7' }, userErrors: [] });
    expect((await mutate(catalog, 'deactivatePartNumber', 'partNumber { active }', { id }, { inputType: 'DeactivateInput' })).partNumber).toEqual({ active: false });
    const { data } = await catalog.execute(`query ($code: String!) { partNumbers(filter: { search: $code, active: false }) { edges { node { code active } } } }`, { code: `PN-UP-${tag}` });
    expect(data.partNumbers.edges).toEqual([{ node: { code: `PN-UP-${tag}`, active: false } }]);
  });

  it('moves the preferred flag to the newest preferred offer', async () => {
    const partId = await serializedPart(`PN-PREF-${tag}`);
    const [a, b] = await Promise.all(['A', 'B'].map((name) => mutate(catalog, 'createSupplier', 'supplier { id }', { name: `Pref ${name} ${tag}` })));
    await mutate(catalog, 'createSupplierOffer', 'supplierOffer { id }', { partNumberId: partId, supplierId: a.supplier.id, sku: 'A-1', preferred: true, unitCost: '10' });
    const second = await mutate(catalog, 'createSupplierOffer', 'supplierOffer { id }', { partNumberId: partId, supplierId: b.supplier.id, sku: 'B-1', preferred: true, unitCost: '12' });
    const { data } = await catalog.execute(`query ($id: ID!) { partNumber(id: $id) { offers { sku preferred } } }`, { id: partId });
    expect(data.partNumber.offers).toEqual([{ sku: 'B-1', preferred: true }, { sku: 'A-1', preferred: false }]);
    await mutate(catalog, 'deactivateSupplierOffer', 'supplierOffer { id }', { id: second.supplierOffer.id }, { inputType: 'DeactivateInput' });
    const { data: after } = await catalog.execute(`query ($id: ID!) { partNumber(id: $id) { offers { sku } all: offers(includeInactive: true) { sku active preferred } } }`, { id: partId });
    expect(after.partNumber).toEqual({ offers: [{ sku: 'A-1' }], all: [{ sku: 'A-1', active: true, preferred: false }, { sku: 'B-1', active: false, preferred: false }] });
  });

  it('changes and deactivates suppliers, offers, categories, models and assets', async () => {
    const supplier = await mutate(catalog, 'createSupplier', 'supplier { id }', { name: `Change ${tag}`, website: 'https://old.example' });
    const supplierId = supplier.supplier.id;
    const changed = await mutate(catalog, 'updateSupplier', 'supplier { name website preferred contacts { name phone } }', {
      id: supplierId, website: null, preferred: true, contacts: [{ name: 'Bo', phone: '+46 8 123' }],
    });
    expect(changed).toEqual({ supplier: { name: `Change ${tag}`, website: null, preferred: true, contacts: [{ name: 'Bo', phone: '+46 8 123' }] }, userErrors: [] });
    const partId = await serializedPart(`PN-CH-${tag}`);
    const offer = await mutate(catalog, 'createSupplierOffer', 'supplierOffer { id }', { partNumberId: partId, supplierId, sku: 'OLD', unitCost: '5' });
    const offerChanged = await mutate(catalog, 'updateSupplierOffer', 'supplierOffer { sku unitCost currency leadTimeDays preferred }', {
      id: offer.supplierOffer.id, sku: 'NEW', unitCost: null, currency: 'usd', leadTimeDays: 3, preferred: true,
    });
    expect(offerChanged).toEqual({ supplierOffer: { sku: 'NEW', unitCost: null, currency: 'USD', leadTimeDays: 3, preferred: true }, userErrors: [] });
    expect(refusals(await mutate(catalog, 'updateSupplierOffer', 'supplierOffer { id }', { id: offer.supplierOffer.id, minimumOrderQuantity: '0' }))).toEqual(['INVALID_VALUE:input.minimumOrderQuantity']);
    expect((await mutate(catalog, 'deactivateSupplier', 'supplier { active }', { id: supplierId }, { inputType: 'DeactivateInput' })).supplier).toEqual({ active: false });
    const otherPart = await serializedPart(`PN-CH2-${tag}`);
    expect(refusals(await mutate(catalog, 'createSupplierOffer', 'supplierOffer { id }', { partNumberId: otherPart, supplierId, sku: 'X' }))).toEqual(['INVALID_VALUE:input.supplierId']);

    const categoryId = await publishedCategory(`CAT-CH-${tag}`);
    const category = await mutate(catalog, 'updateAssetCategory', 'assetCategory { name description }', { id: categoryId, name: 'Renamed', description: 'Now with text' });
    expect(category).toEqual({ assetCategory: { name: 'Renamed', description: 'Now with text' }, userErrors: [] });
    const model = await mutate(catalog, 'createAssetModel', 'assetModel { id }', { categoryId, manufacturer: 'Dell', model: `CH-${tag}`, spec: { cpu: 'i5', ramGb: 8 } });
    const modelId = model.assetModel.id;
    const respecced = await mutate(catalog, 'updateAssetModel', 'assetModel { spec description }', { id: modelId, description: 'Refresh', spec: { cpu: 'i7', ramGb: 16, touch: true } });
    expect(respecced).toEqual({ assetModel: { spec: { cpu: 'i7', ramGb: 16, touch: true }, description: 'Refresh' }, userErrors: [] });
    expect(refusals(await mutate(catalog, 'updateAssetModel', 'assetModel { id }', { id: modelId, spec: { cpu: 'i7', ramGb: 'lots' } }))).toEqual(['INVALID_VALUE:input.spec.ramGb']);
    const { asset } = await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: partId, serialNumber: `SN-CH-${tag}`, modelId });
    const assetChanged = await mutate(catalog, 'updateAsset', 'asset { notes project condition nextMaintenanceOn model { id } }', {
      id: asset.id, notes: 'Checked', project: `PRJ-CH-${tag}`, condition: 'GOOD', nextMaintenanceOn: '2027-01-01', modelId: null,
    });
    expect(assetChanged).toEqual({ asset: { notes: 'Checked', project: `PRJ-CH-${tag}`, condition: 'GOOD', nextMaintenanceOn: '2027-01-01', model: null }, userErrors: [] });
    expect((await mutate(catalog, 'deactivateAssetModel', 'assetModel { active }', { id: modelId }, { inputType: 'DeactivateInput' })).assetModel).toEqual({ active: false });
    expect(refusals(await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: partId, serialNumber: `SN-CH2-${tag}`, modelId }))).toEqual(['INVALID_VALUE:input.modelId']);
    expect((await mutate(catalog, 'deactivateAssetCategory', 'assetCategory { active }', { id: categoryId }, { inputType: 'DeactivateInput' })).assetCategory).toEqual({ active: false });
    expect(refusals(await mutate(catalog, 'createAssetModel', 'assetModel { id }', { categoryId, manufacturer: 'Dell', model: `CH2-${tag}`, spec: { cpu: 'i5', ramGb: 8 } }))).toEqual(['INVALID_VALUE:input.categoryId']);
  });

  it('keeps a part number with assets serialized and refuses assets of an inactive part number', async () => {
    const partId = await serializedPart(`PN-SER-${tag}`);
    await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: partId, serialNumber: `SN-SER-${tag}` });
    expect(refusals(await mutate(catalog, 'updatePartNumber', 'partNumber { id }', { id: partId, serialized: false }))).toEqual(['INVALID_VALUE:input.serialized']);
    await mutate(catalog, 'deactivatePartNumber', 'partNumber { id }', { id: partId }, { inputType: 'DeactivateInput' });
    expect(refusals(await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: partId, serialNumber: `SN-SER2-${tag}` }))).toEqual(['INVALID_VALUE:input.partNumberId']);
    const reactivated = await mutate(catalog, 'updatePartNumber', 'partNumber { active serialized }', { id: partId, active: true });
    expect(reactivated).toEqual({ partNumber: { active: true, serialized: true }, userErrors: [] });
  });

  it('lets every role read but only operators and admins write', async () => {
    for (const role of ['analyst', 'approver', 'partner'] as const) {
      const { data, errors } = await catalog.execute(`mutation { createPartNumber(input: { code: "PN-RO-${tag}", description: "x" }) { partNumber { id } } }`, {}, { as: role });
      expect(data, role).toBeNull();
      expect(errors?.map((error) => error.extensions?.code), role).toEqual(['FORBIDDEN']);
      const read = await catalog.execute(`{ partNumber(code: "PN-LAP-0001") { code } }`, {}, { as: role });
      expect(read.data, role).toEqual({ partNumber: { code: 'PN-LAP-0001' } });
    }
    const admin = await catalog.execute(`mutation { createPartNumber(input: { code: "PN-RO-${tag}", description: "x" }) { userErrors { code } } }`, {}, { as: 'admin' });
    expect(admin.data).toEqual({ createPartNumber: { userErrors: [] } });
  });

  it('answers a malformed id with BAD_USER_INPUT', async () => {
    const { errors } = await catalog.execute(`mutation { createAsset(input: { partNumberId: "abc", serialNumber: "X" }) { asset { id } } }`, {}, { as: 'operator' });
    expect(errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
