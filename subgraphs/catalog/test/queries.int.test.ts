import { mutate, startSubgraphForTest, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';

describe('catalog search, filters and ordering', () => {
  let catalog: SubgraphUnderTest;
  let tag: string;
  let categoryId: string;
  let modelId: string;
  const partIds: string[] = [];

  beforeAll(async () => {
    catalog = await startSubgraphForTest(start, inject('databaseUrl'));
    tag = uniqueTag();
    const descriptions = ['Quantum flux capacitor', 'Flux compensator housing', 'Quantum entanglement router', 'Plain steel bracket'];
    for (const [index, description] of descriptions.entries()) {
      const payload = await mutate(catalog, 'createPartNumber', 'partNumber { id }', {
        code: `PN-ZQ${tag}-000${index + 1}`,
        description,
        category: `Cat-${tag}`,
        manufacturer: index % 2 === 0 ? 'Acme' : 'Globex',
        serialized: true,
      });
      partIds.push(payload.partNumber.id);
    }
    const category = await mutate(catalog, 'createAssetCategory', 'assetCategory { id }', { code: `CAT-Q-${tag}`, name: 'Query category' });
    categoryId = category.assetCategory.id;
    const version = await mutate(catalog, 'createSpecVersion', 'specVersion { id }', { categoryId, fields: [{ key: 'size', type: 'NUMBER' }] });
    await mutate(catalog, 'publishSpecVersion', 'specVersion { id }', { id: version.specVersion.id });
    const model = await mutate(catalog, 'createAssetModel', 'assetModel { id }', { categoryId, manufacturer: 'Acme', model: `Q-${tag}`, spec: { size: 3 } });
    modelId = model.assetModel.id;
    const assets = [
      { serialNumber: `QS-${tag}-A`, warrantyExpiresOn: '2026-06-30', nextMaintenanceOn: '2026-03-01', project: `PRJ-${tag}`, modelId },
      { serialNumber: `QS-${tag}-B`, warrantyExpiresOn: '2028-01-01', nextMaintenanceOn: '2027-03-01', project: `PRJ-${tag}`, condition: 'FAIR' },
      { serialNumber: `QS-${tag}-C`, notes: 'Spare unit in the basement cage' },
    ];
    for (const asset of assets) await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: partIds[0], ...asset });
  });
  afterAll(() => catalog?.stop());

  const codes = (data: any) => data.partNumbers.edges.map((edge: any) => edge.node.code);
  const serials = (data: any) => data.assets.edges.map((edge: any) => edge.node.serialNumber);

  it('finds part numbers by any part of their code', async () => {
    const { data } = await catalog.execute(`query ($q: String!) { partNumbers(filter: { search: $q }) { totalCount edges { node { code } } } }`, { q: `zq${tag}-000` });
    expect(data.partNumbers.totalCount).toBe(4);
    expect([...codes(data)].sort()).toEqual([1, 2, 3, 4].map((n) => `PN-ZQ${tag}-000${n}`));
  });

  it('finds part numbers by words in any order, each possibly cut short', async () => {
    const { data } = await catalog.execute(`query ($q: String!) { partNumbers(filter: { search: $q, category: $c }) { edges { node { code } } } }`.replace('$c', `"Cat-${tag}"`), {
      q: 'flux quant',
    });
    expect(codes(data)).toEqual([`PN-ZQ${tag}-0001`]);
  });

  it('ranks an exact code first, then codes that start with the query', async () => {
    const { data } = await catalog.execute(`query ($q: String!) { partNumbers(first: 3, filter: { search: $q }) { edges { node { code } } } }`, { q: `PN-ZQ${tag}-0003` });
    expect(codes(data)[0]).toBe(`PN-ZQ${tag}-0003`);
  });

  it('filters part numbers by manufacturer in any case and orders them newest first', async () => {
    const { data } = await catalog.execute(`{ partNumbers(filter: { category: "Cat-${tag}", manufacturer: "GLOBEX" }, orderBy: NEWEST) { edges { node { code } } } }`);
    expect(codes(data)).toEqual([`PN-ZQ${tag}-0004`, `PN-ZQ${tag}-0002`]);
  });

  it('finds assets by part of a serial number, by words in their notes, and by their part number', async () => {
    const bySerial = await catalog.execute(`{ assets(filter: { search: "qs-${tag}-b" }) { edges { node { serialNumber } } } }`);
    expect(serials(bySerial.data)).toEqual([`QS-${tag}-B`]);
    const byNotes = await catalog.execute(`{ assets(filter: { search: "basement spare", partNumberId: "${partIds[0]}" }) { edges { node { serialNumber } } } }`);
    expect(serials(byNotes.data)).toEqual([`QS-${tag}-C`]);
    const byPart = await catalog.execute(`{ assets(filter: { search: "PN-ZQ${tag}-0001" }, orderBy: SERIAL_NUMBER) { edges { node { serialNumber } } } }`);
    expect(serials(byPart.data)).toEqual([`QS-${tag}-A`, `QS-${tag}-B`, `QS-${tag}-C`]);
  });

  it('filters assets by warranty end, maintenance due, project, condition, model and category', async () => {
    const run = async (filter: string) => serials((await catalog.execute(`{ assets(orderBy: SERIAL_NUMBER, filter: { partNumberId: "${partIds[0]}", ${filter} }) { edges { node { serialNumber } } } }`)).data);
    expect(await run('warrantyExpiresBefore: "2027-01-01"')).toEqual([`QS-${tag}-A`]);
    expect(await run('maintenanceDueBefore: "2028-01-01"')).toEqual([`QS-${tag}-A`, `QS-${tag}-B`]);
    expect(await run(`project: "PRJ-${tag}"`)).toEqual([`QS-${tag}-A`, `QS-${tag}-B`]);
    expect(await run('condition: [FAIR]')).toEqual([`QS-${tag}-B`]);
    expect(await run(`modelId: "${modelId}"`)).toEqual([`QS-${tag}-A`]);
    expect(await run(`categoryId: "${categoryId}"`)).toEqual([`QS-${tag}-A`]);
  });

  it('pages a search ordered by relevance without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { data, errors }: any = await catalog.execute(
        `query ($after: String) { partNumbers(first: 1, after: $after, filter: { search: "zq${tag}" }) { edges { node { code } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(errors).toBeUndefined();
      seen.push(...codes(data));
      after = data.partNumbers.pageInfo.hasNextPage ? data.partNumbers.pageInfo.endCursor : null;
    } while (after);
    expect([...seen].sort()).toEqual([1, 2, 3, 4].map((n) => `PN-ZQ${tag}-000${n}`));
  });

  it('treats punctuation in a search as text, never as syntax', async () => {
    for (const q of ["o'brien & (x | !y)", '100%_off', '- . /', '\\']) {
      const { data, errors } = await catalog.execute(`query ($q: String!) { partNumbers(filter: { search: $q }) { totalCount } assets(filter: { search: $q }) { totalCount } }`, { q });
      expect(errors, q).toBeUndefined();
      expect(data, q).toEqual({ partNumbers: { totalCount: 0 }, assets: { totalCount: 0 } });
    }
  });

  it('refuses RELEVANCE without a search and a cursor issued for another order', async () => {
    const relevance = await catalog.execute(`{ assets(orderBy: RELEVANCE) { totalCount } }`);
    expect(relevance.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const first = await catalog.execute(`{ partNumbers(first: 1) { pageInfo { endCursor } } }`);
    const other = await catalog.execute(`query ($after: String) { partNumbers(first: 1, after: $after, orderBy: NEWEST) { totalCount } }`, { after: first.data.partNumbers.pageInfo.endCursor });
    expect(other.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('lists suppliers, categories and models', async () => {
    await mutate(catalog, 'createSupplier', 'supplier { id }', { name: `Zeta ${tag}`, preferred: true });
    await mutate(catalog, 'createSupplier', 'supplier { id }', { name: `alpha ${tag}` });
    const { data, errors } = await catalog.execute(`{
      suppliers(filter: { search: "${tag}" }) { totalCount edges { node { name preferred } } }
      preferred: suppliers(filter: { search: "${tag}", preferred: true }) { edges { node { name } } }
      assetCategories(first: 100) { edges { node { code } } }
      assetModels(filter: { categoryId: "${categoryId}" }) { totalCount edges { node { model spec category { code } } } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.suppliers).toEqual({ totalCount: 2, edges: [{ node: { name: `alpha ${tag}`, preferred: false } }, { node: { name: `Zeta ${tag}`, preferred: true } }] });
    expect(data.preferred.edges).toEqual([{ node: { name: `Zeta ${tag}` } }]);
    expect(data.assetCategories.edges.map((edge: any) => edge.node.code)).toContain(`CAT-Q-${tag}`);
    expect(data.assetModels).toEqual({ totalCount: 1, edges: [{ node: { model: `Q-${tag}`, spec: { size: 3 }, category: { code: `CAT-Q-${tag}` } } }] });
  });

  it('runs the same statements for a list page of 2 and of 30, however deep the selection', async () => {
    const supplier = await mutate(catalog, 'createSupplier', 'supplier { id }', { name: `Bulk ${tag}` });
    await Promise.all(
      Array.from({ length: 30 }, async (_, index) => {
        const code = `PN-ZS${tag}-${String(index).padStart(2, '0')}`;
        const part = await mutate(catalog, 'createPartNumber', 'partNumber { id }', { code, description: 'Bulk', category: `Big-${tag}`, serialized: true });
        await mutate(catalog, 'createSupplierOffer', 'supplierOffer { id }', { partNumberId: part.partNumber.id, supplierId: supplier.supplier.id, sku: code });
        const { asset } = await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: part.partNumber.id, serialNumber: `SZ-${code}`, modelId });
        await mutate(catalog, 'assignAsset', 'asset { id }', { assetId: asset.id, assigneeType: 'PERSON', assigneeId: `E-${index}` });
      }),
    );
    const query = (first: number) => `{
      partNumbers(first: ${first}, filter: { category: "Big-${tag}" }) { totalCount edges { node { code
        offers { sku supplier { name } }
        history(first: 1) { totalCount edges { node { action } } }
        assets(first: 3) { totalCount edges { node { serialNumber model { model category { code activeSpecVersion { version } } }
          assignment { assigneeId } assignments(first: 1) { totalCount } timeline(first: 1) { edges { node { action } } } } } } } } } }`;
    const small = await catalog.execute(query(2));
    expect(small.errors).toBeUndefined();
    expect(small.data.partNumbers.edges).toHaveLength(2);
    const smallStatements = [...catalog.statements].sort();
    const large = await catalog.execute(query(30));
    expect(large.errors).toBeUndefined();
    expect(large.data.partNumbers.edges).toHaveLength(30);
    expect(large.data.partNumbers.edges[29].node.assets.edges[0].node.assignment).toEqual({ assigneeId: 'E-29' });
    expect([...catalog.statements].sort()).toEqual(smallStatements);
    expect(smallStatements).toEqual([
      'countAssetsOfPartNumbers', 'countAssignmentsOfAssets', 'countAuditEventsOfEntities', 'countPartNumbers',
      'findAssetCategoriesByIds', 'findAssetModelsByIds', 'findOpenAssignmentsOfAssets', 'findSuppliersByIds',
      'listAssetsOfPartNumbers', 'listAssignmentsOfAssets', 'listAuditEventsOfEntities', 'listAuditEventsOfEntities',
      'listOffersOfPartNumbers', 'listPartNumbers', 'listSpecVersionsOfCategories',
    ]);
  });
});
