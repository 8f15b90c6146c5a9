import { mutate, startSubgraphForTest, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDemoData } from '../../../scripts/lib/demo-data.ts';
import { validateAttributes, type AttributeDefinition, type FieldType } from '../src/domain/attributes.ts';
import { start } from '../src/server.ts';

describe('the demo CI types', () => {
  let cmdb: SubgraphUnderTest;
  const suffix = uniqueTag();

  beforeAll(async () => {
    cmdb = await startSubgraphForTest(start, inject('databaseUrl'));
  });
  afterAll(() => cmdb?.stop());

  it('each carry a published attribute schema that every demo item conforms to', () => {
    const data = buildDemoData();
    const definitionsOf = (versionId: number): AttributeDefinition[] =>
      data.attributeDefinitions
        .filter((definition) => definition.versionId === versionId)
        .map((definition) => ({ ...definition, fieldType: definition.fieldType as FieldType, pattern: null, minLength: null, maxLength: null, minValue: null, maxValue: null, defaultValue: null }));
    expect(data.ciTypeVersions.map((version) => version.status)).toEqual(data.ciTypes.map(() => 'ACTIVE'));
    for (const item of data.configurationItems) {
      expect(item.typeVersionId, item.code).toBe(data.ciTypeVersions.find((version) => version.ciTypeId === item.typeId)!.id);
      expect(validateAttributes(definitionsOf(item.typeVersionId!), item.attributes, { applyDefaults: false }).problems, item.code).toEqual([]);
    }
  });

  it('validate new items of a demo type against that schema', async () => {
    const { data } = await cmdb.execute(`{ ciType(code: "SERVER") { activeVersion { version attributes { key fieldType } } } }`);
    expect(data.ciType.activeVersion).toEqual({ version: 1, attributes: [{ key: 'managementIp', fieldType: 'IP_ADDRESS' }] });
    const refused = await mutate(cmdb, 'createConfigurationItem', 'configurationItem { id }', { code: `CI-SRV-X-${suffix}`, name: 'x', typeCode: 'SERVER', attributes: { managementIp: '10.0.0.999' } });
    expect(refused.userErrors).toEqual([{ field: ['input', 'attributes', 'managementIp'], code: 'INVALID_VALUE', message: 'Management IP must be an IPv4 or IPv6 address.' }]);
    const created = await mutate(cmdb, 'createConfigurationItem', 'configurationItem { attributes typeVersion { version } }', { code: `CI-SRV-Y-${suffix}`, name: 'y', typeCode: 'SERVER', attributes: { managementIp: '10.0.0.99' } });
    expect(created).toEqual({ configurationItem: { attributes: { managementIp: '10.0.0.99' }, typeVersion: { version: 1 } }, userErrors: [] });
  });
});
