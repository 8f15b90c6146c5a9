import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';

const OPERATOR = { 'x-api-key': 'dev-operator' };
const ANALYST = { 'x-api-key': 'dev-analyst' };

describe('modelling infrastructure in the CMDB through the gateway', () => {
  let stack: Stack;
  const suffix = randomBytes(4).toString('hex').toUpperCase();

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
  });
  afterAll(() => stack?.stop());

  /** Runs a mutation as an operator and returns its payload, which must carry no user errors. */
  async function operate(field: string, inputType: string, selection: string, input: Record<string, unknown>) {
    const { body } = await stack.execute(`mutation ($input: ${inputType}!) { ${field}(input: $input) { ${selection} userErrors { field code message } } }`, { input }, OPERATOR);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(body.data[field].userErrors).toEqual([]);
    return body.data[field];
  }

  async function typedCiType(code: string, attributes: Record<string, unknown>[]) {
    const { ciType } = await operate('createCiType', 'CreateCiTypeInput', 'ciType { id code }', { code, name: code });
    const { ciTypeVersion } = await operate('createCiTypeVersion', 'CreateCiTypeVersionInput', 'ciTypeVersion { id }', { ciTypeId: ciType.id, attributes });
    await operate('publishCiTypeVersion', 'PublishCiTypeVersionInput', 'ciTypeVersion { status }', { versionId: ciTypeVersion.id });
    return ciType.code as string;
  }

  it('answers what a switch failure impacts, including the critical services, in one request', async () => {
    const location = await stack.execute(`{ location(code: "CDC") { id } }`);
    const locationId = location.body.data.location.id;
    const switchType = await typedCiType(`E2E_SWITCH_${suffix}`, [
      { key: 'managementIp', label: 'Management IP', fieldType: 'IP_ADDRESS', required: true },
      { key: 'ports', label: 'Ports', fieldType: 'NUMBER', minValue: 1, maxValue: 96 },
    ]);
    const serverType = await typedCiType(`E2E_SERVER_${suffix}`, [
      { key: 'mac', label: 'MAC', fieldType: 'MAC_ADDRESS' },
      { key: 'os', label: 'OS', fieldType: 'ENUM', enumValues: ['LINUX', 'WINDOWS'], defaultValue: 'LINUX' },
    ]);
    const appType = await typedCiType(`E2E_APP_${suffix}`, [{ key: 'version', label: 'Version', fieldType: 'STRING', pattern: '^\\d+\\.\\d+$' }]);

    const item = async (code: string, typeCode: string, attributes: Record<string, unknown>) =>
      (await operate('createConfigurationItem', 'CreateConfigurationItemInput', 'configurationItem { id attributes }', { code, name: code, typeCode, attributes, locationId })).configurationItem;
    const sw = await item(`E2E-SW-${suffix}`, switchType, { managementIp: '10.9.0.1', ports: 48 });
    const srv = await item(`E2E-SRV-${suffix}`, serverType, { mac: '00-1A-2B-3C-4D-5E' });
    expect(srv.attributes).toEqual({ mac: '00:1a:2b:3c:4d:5e', os: 'LINUX' });
    const app = await item(`E2E-APP-${suffix}`, appType, { version: '2.4' });

    const bad = await stack.execute(
      `mutation ($input: CreateConfigurationItemInput!) { createConfigurationItem(input: $input) { configurationItem { id } userErrors { field code } } }`,
      { input: { code: `E2E-BAD-${suffix}`, name: 'bad', typeCode: switchType, attributes: { ports: 200 } } },
      OPERATOR,
    );
    expect(bad.body.data.createConfigurationItem).toEqual({
      configurationItem: null,
      userErrors: [{ field: ['input', 'attributes', 'managementIp'], code: 'INVALID_VALUE' }, { field: ['input', 'attributes', 'ports'], code: 'INVALID_VALUE' }],
    });

    await operate('relateConfigurationItems', 'RelateConfigurationItemsInput', 'relationship { name }', { fromId: srv.id, toId: sw.id, typeCode: 'CONNECTS_TO' });
    await operate('relateConfigurationItems', 'RelateConfigurationItemsInput', 'relationship { name }', { fromId: app.id, toId: srv.id, typeCode: 'RUNS_ON' });
    const { service } = await operate('createService', 'CreateServiceInput', 'service { id }', { code: `E2E-SVC-${suffix}`, name: 'Checkout', criticality: 'CRITICAL', sla: '99.9%' });
    await operate('addServiceMember', 'AddServiceMemberInput', 'service { id }', { serviceId: service.id, configurationItemId: app.id, role: 'application' });

    const { body } = await stack.execute(
      `query ($code: String!) { configurationItem(code: $code) {
        code
        relationships { name direction target { code } }
        impact(direction: DOWNSTREAM, maxDepth: 5) { configurationItem { code type { code } } depth path { code } viaType }
        impactedServices(maxDepth: 5) { service { code name sla } criticality depth impactedMembers { code } }
      } }`,
      { code: `E2E-SW-${suffix}` },
      ANALYST,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.configurationItem).toEqual({
      code: `E2E-SW-${suffix}`,
      relationships: [{ name: 'is connected from', direction: 'INCOMING', target: { code: `E2E-SRV-${suffix}` } }],
      impact: [
        { configurationItem: { code: `E2E-SRV-${suffix}`, type: { code: serverType } }, depth: 1, path: [{ code: `E2E-SW-${suffix}` }, { code: `E2E-SRV-${suffix}` }], viaType: 'CONNECTS_TO' },
        { configurationItem: { code: `E2E-APP-${suffix}`, type: { code: appType } }, depth: 2, path: [{ code: `E2E-SW-${suffix}` }, { code: `E2E-SRV-${suffix}` }, { code: `E2E-APP-${suffix}` }], viaType: 'RUNS_ON' },
      ],
      impactedServices: [{ service: { code: `E2E-SVC-${suffix}`, name: 'Checkout', sla: '99.9%' }, criticality: 'CRITICAL', depth: 2, impactedMembers: [{ code: `E2E-APP-${suffix}` }] }],
    });

    const here = await stack.execute(
      `query ($code: String!, $search: String!) { location(code: $code) { code configurationItems(first: 100) { edges { node { code } } } } configurationItems(filter: { search: $search }) { totalCount } }`,
      { code: 'CDC', search: `E2E-` + suffix },
      ANALYST,
    );
    expect(here.body.errors).toBeUndefined();
    expect(here.body.data.location.configurationItems.edges.map((e: any) => e.node.code)).toEqual(
      expect.arrayContaining([`E2E-APP-${suffix}`, `E2E-SRV-${suffix}`, `E2E-SW-${suffix}`]),
    );
  });

  it('refuses CMDB writes to an analyst key', async () => {
    const { body } = await stack.execute(`mutation { createService(input: { code: "E2E-NO-${suffix}", name: "No", criticality: LOW }) { service { id } } }`, {}, ANALYST);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(body.data?.createService ?? null).toBeNull();
  });
});
