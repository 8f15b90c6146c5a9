import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';

const OPERATOR = { 'x-api-key': 'dev-operator' };
const ANALYST = { 'x-api-key': 'dev-analyst' };

describe('an operator building a catalog from nothing through the gateway', () => {
  let stack: Stack;
  let tag: string;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
    tag = randomBytes(4).toString('hex').toUpperCase();
  });
  afterAll(() => stack?.stop());

  async function run(query: string, variables: Record<string, unknown> = {}, headers = OPERATOR) {
    const { status, body } = await stack.execute(query, variables, headers);
    expect(status).toBe(200);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  }

  it('creates a category with a spec, a model, a part number with a supplier offer and assets, then finds them', async () => {
    const category = await run(`mutation ($code: String!) { createAssetCategory(input: { code: $code, name: "Switches" }) { assetCategory { id } userErrors { code } } }`, { code: `SWITCH-${tag}` });
    const categoryId = category.createAssetCategory.assetCategory.id;
    const draft = await run(
      `mutation ($input: CreateSpecVersionInput!) { createSpecVersion(input: $input) { specVersion { id status } userErrors { code field } } }`,
      { input: { categoryId, fields: [{ key: 'ports', type: 'NUMBER', required: true, min: 8, max: 96 }, { key: 'managementIp', type: 'IP_ADDRESS' }, { key: 'poe', type: 'BOOLEAN', default: false }] } },
    );
    expect(draft.createSpecVersion).toEqual({ specVersion: { id: expect.any(String), status: 'DRAFT' }, userErrors: [] });
    await run(`mutation ($id: ID!) { publishSpecVersion(input: { id: $id }) { specVersion { status } } }`, { id: draft.createSpecVersion.specVersion.id });

    const part = await run(
      `mutation ($input: CreatePartNumberInput!) { createPartNumber(input: $input) { partNumber { id code } userErrors { code } } }`,
      { input: { code: `PN-SW-${tag}`, description: 'Catalyst 9300 48-port switch', manufacturer: 'Cisco', category: 'Network', serialized: true, reorderPoint: '2' } },
    );
    const partId = part.createPartNumber.partNumber.id;
    const wrongSpec = await run(
      `mutation ($input: CreateAssetModelInput!) { createAssetModel(input: $input) { assetModel { id } userErrors { field code message } } }`,
      { input: { categoryId, manufacturer: 'Cisco', model: `C9300-${tag}`, spec: { ports: 4, managementIp: 'switch-1' } } },
    );
    expect(wrongSpec.createAssetModel).toEqual({
      assetModel: null,
      userErrors: [
        { field: ['input', 'spec', 'ports'], code: 'INVALID_VALUE', message: '"ports" must be at least 8.' },
        { field: ['input', 'spec', 'managementIp'], code: 'INVALID_VALUE', message: '"managementIp" must be an IPv4 or IPv6 address.' },
      ],
    });
    const model = await run(
      `mutation ($input: CreateAssetModelInput!) { createAssetModel(input: $input) { assetModel { id spec } userErrors { code } } }`,
      { input: { categoryId, manufacturer: 'Cisco', model: `C9300-${tag}`, partNumberId: partId, spec: { ports: 48, managementIp: '10.1.0.2' } } },
    );
    expect(model.createAssetModel).toEqual({ assetModel: { id: expect.any(String), spec: { ports: 48, managementIp: '10.1.0.2', poe: false } }, userErrors: [] });

    const supplier = await run(`mutation ($name: String!) { createSupplier(input: { name: $name, leadTimeDays: 7 }) { supplier { id } } }`, { name: `NetParts ${tag}` });
    await run(
      `mutation ($input: CreateSupplierOfferInput!) { createSupplierOffer(input: $input) { userErrors { code } } }`,
      { input: { partNumberId: partId, supplierId: supplier.createSupplier.supplier.id, sku: 'NP-9300-48', unitCost: '4200', preferred: true } },
    );
    for (const n of [1, 2, 3]) {
      const created = await run(
        `mutation ($input: CreateAssetInput!) { createAsset(input: $input) { asset { serialNumber status } userErrors { code } } }`,
        { input: { partNumberId: partId, modelId: model.createAssetModel.assetModel.id, serialNumber: `FOC${tag}${n}`, warrantyExpiresOn: `202${6 + n}-01-01` } },
      );
      expect(created.createAsset).toEqual({ asset: { serialNumber: `FOC${tag}${n}`, status: 'AVAILABLE' }, userErrors: [] });
    }

    const found = await run(`query ($q: String!) { partNumbers(filter: { search: $q }) { edges { node { code offers { sku preferred supplier { name } } assets { totalCount } } } } }`, { q: 'catalyst 48' });
    expect(found.partNumbers.edges).toContainEqual({
      node: { code: `PN-SW-${tag}`, offers: [{ sku: 'NP-9300-48', preferred: true, supplier: { name: `NetParts ${tag}` } }], assets: { totalCount: 3 } },
    });
    const expiring = await run(
      `query ($q: String!) { assets(filter: { search: $q, warrantyExpiresBefore: "2029-01-01" }, orderBy: SERIAL_NUMBER) { totalCount edges { node { serialNumber model { model category { code } } } } } }`,
      { q: `foc${tag}` },
      ANALYST,
    );
    expect(expiring.assets).toEqual({
      totalCount: 2,
      edges: [1, 2].map((n) => ({ node: { serialNumber: `FOC${tag}${n}`, model: { model: `C9300-${tag}`, category: { code: `SWITCH-${tag}` } } } })),
    });
  });

  it('gives an analyst FORBIDDEN for every write, and reads as usual', async () => {
    const { body } = await stack.execute(`mutation { createPartNumber(input: { code: "PN-AN-${tag}", description: "x" }) { partNumber { id } } }`, {}, ANALYST);
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const read = await run(`{ partNumber(code: "PN-LAP-0001") { code } }`, {}, ANALYST);
    expect(read).toEqual({ partNumber: { code: 'PN-LAP-0001' } });
  });

  it('answers a wrong asset status change with INVALID_TRANSITION through the gateway', async () => {
    const part = await run(`mutation { createPartNumber(input: { code: "PN-GT-${tag}", description: "x", serialized: true }) { partNumber { id } } }`);
    const asset = await run(`mutation ($p: ID!) { createAsset(input: { partNumberId: $p, serialNumber: "GT-${tag}" }) { asset { id } } }`, { p: part.createPartNumber.partNumber.id });
    const id = asset.createAsset.asset.id;
    await run(`mutation ($id: ID!) { changeAssetStatus(input: { id: $id, status: RETURNED }) { asset { status } } }`, { id });
    const back = await run(`mutation ($id: ID!) { changeAssetStatus(input: { id: $id, status: IN_USE }) { asset { status } userErrors { field code } } }`, { id });
    expect(back.changeAssetStatus).toEqual({ asset: null, userErrors: [{ field: ['input', 'status'], code: 'INVALID_TRANSITION' }] });
  });

  it('costs catalog the same statements for a list of 2 part numbers and of 30', async () => {
    // Every part of the list has an offer and assets, so both pages need every kind of statement.
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>(`INSERT INTO catalog.supplier (name) VALUES ('Statements ' || $1) RETURNING id`, [tag]);
      await client.query(
        `WITH parts AS (
           INSERT INTO catalog.part_number (code, description, category, serialized)
           SELECT 'PN-ST' || $1 || '-' || lpad(n::text, 2, '0'), 'Statement part', 'STMT-' || $1, true FROM generate_series(1, 30) AS n
           RETURNING id, code)
         , offers AS (INSERT INTO catalog.supplier_offer (part_number_id, supplier_id, sku) SELECT id, $2, code FROM parts)
         INSERT INTO catalog.asset (serial_number, part_number_id) SELECT 'ST-' || code || '-' || n, id FROM parts, generate_series(1, 3) AS n`,
        [tag, rows[0]!.id],
      );
    } finally {
      await client.end();
    }
    const query = (first: number) => `{ partNumbers(first: ${first}, filter: { category: "STMT-${tag}" }) { totalCount edges { node { code offers { sku supplier { name } } assets(first: 2) { totalCount edges { node { serialNumber } } } } } } }`;
    const small = await stack.countStatements(() => stack.execute(query(2), {}, ANALYST));
    const large = await stack.countStatements(() => stack.execute(query(30), {}, ANALYST));
    expect(large.result.body.errors, JSON.stringify(large.result.body.errors)).toBeUndefined();
    expect(large.result.body.data.partNumbers.edges).toHaveLength(30);
    expect(large.result.body.data.partNumbers.edges[29].node.offers).toEqual([{ sku: `PN-ST${tag}-30`, supplier: { name: `Statements ${tag}` } }]);
    expect([...large.statements.catalog].sort()).toEqual([...small.statements.catalog].sort());
    expect([...large.statements.catalog].sort()).toEqual([
      'countAssetsOfPartNumbers', 'countPartNumbers', 'findSuppliersByIds', 'listAssetsOfPartNumbers', 'listOffersOfPartNumbers', 'listPartNumbers',
    ]);
  });
});
