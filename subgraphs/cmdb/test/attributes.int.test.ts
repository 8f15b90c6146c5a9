import { mutate, mutateOk, startSubgraphForTest, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';
import { createTypeWithAttributes } from './helpers.ts';

const SERVER_ATTRIBUTES = [
  { key: 'hostname', label: 'Host name', fieldType: 'STRING', required: true, pattern: '^[a-z0-9-]+$', minLength: 3, maxLength: 20 },
  { key: 'cores', label: 'CPU cores', fieldType: 'NUMBER', minValue: 1, maxValue: 256, defaultValue: 2 },
  { key: 'virtual', label: 'Virtual', fieldType: 'BOOLEAN', defaultValue: false },
  { key: 'tier', label: 'Support tier', fieldType: 'ENUM', enumValues: ['GOLD', 'SILVER', 'BRONZE'] },
  { key: 'installedOn', label: 'Installed on', fieldType: 'DATE' },
  { key: 'managementIp', label: 'Management IP', fieldType: 'IP_ADDRESS' },
  { key: 'mac', label: 'MAC address', fieldType: 'MAC_ADDRESS' },
  { key: 'extra', label: 'Extra', fieldType: 'JSON', helpText: 'Anything else', order: 99 },
];

describe('typed attributes of configuration items', () => {
  let cmdb: SubgraphUnderTest;
  const suffix = uniqueTag();
  let type: { id: string; code: string; versionId: string };

  beforeAll(async () => {
    cmdb = await startSubgraphForTest(start, inject('databaseUrl'));
    type = await createTypeWithAttributes(cmdb, `SRV_${suffix}`, SERVER_ATTRIBUTES);
  });
  afterAll(() => cmdb?.stop());

  const create = (code: string, attributes: Record<string, unknown>) =>
    mutate(cmdb, 'createConfigurationItem', 'configurationItem { code attributes typeVersion { version status } }', { code, name: code, typeCode: type.code, attributes });

  it('publishes a version whose definitions read back exactly as given', async () => {
    const { data } = await cmdb.execute(`{ ciType(code: "${type.code}") { activeVersion { version status publishedAt attributes {
      key label fieldType required pattern minLength maxLength minValue maxValue enumValues defaultValue helpText order } } } }`);
    const version = data.ciType.activeVersion;
    expect(version).toMatchObject({ version: 1, status: 'ACTIVE', publishedAt: expect.any(String) });
    expect(version.attributes.map((a: { key: string }) => a.key)).toEqual(['hostname', 'cores', 'virtual', 'tier', 'installedOn', 'managementIp', 'mac', 'extra']);
    expect(version.attributes[0]).toEqual({ key: 'hostname', label: 'Host name', fieldType: 'STRING', required: true, pattern: '^[a-z0-9-]+$', minLength: 3, maxLength: 20, minValue: null, maxValue: null, enumValues: null, defaultValue: null, helpText: null, order: 0 });
    expect(version.attributes[3]).toMatchObject({ key: 'tier', enumValues: ['GOLD', 'SILVER', 'BRONZE'] });
    expect(version.attributes[7]).toMatchObject({ key: 'extra', helpText: 'Anything else', order: 99 });
  });

  it('stores valid values of every field type, filling defaults and normalising MAC addresses', async () => {
    const payload = await create(`CI-OK-${suffix}`, {
      hostname: 'web-01', tier: 'GOLD', installedOn: '2024-02-29', managementIp: '2001:db8::7', mac: 'AA-BB-CC-DD-EE-0F', extra: { rack: 'R1' },
    });
    expect(payload).toEqual({
      configurationItem: {
        code: `CI-OK-${suffix}`,
        attributes: { hostname: 'web-01', cores: 2, virtual: false, tier: 'GOLD', installedOn: '2024-02-29', managementIp: '2001:db8::7', mac: 'aa:bb:cc:dd:ee:0f', extra: { rack: 'R1' } },
        typeVersion: { version: 1, status: 'ACTIVE' },
      },
      userErrors: [],
    });
  });

  it('refuses invalid values with one user error per attribute, naming it, and writes nothing', async () => {
    const code = `CI-BAD-${suffix}`;
    const payload = await create(code, {
      hostname: 'WEB 01', cores: 0, virtual: 'yes', tier: 'PLATINUM', installedOn: '2023-02-30', managementIp: '300.1.1.1', mac: '00:11:22', colour: 'blue',
    });
    expect(payload.configurationItem).toBeNull();
    expect(payload.userErrors).toEqual([
      { field: ['input', 'attributes', 'colour'], code: 'INVALID_VALUE', message: '"colour" is not an attribute of this type.' },
      { field: ['input', 'attributes', 'hostname'], code: 'INVALID_VALUE', message: 'Host name must match the pattern ^[a-z0-9-]+$.' },
      { field: ['input', 'attributes', 'cores'], code: 'INVALID_VALUE', message: 'CPU cores must be at least 1.' },
      { field: ['input', 'attributes', 'virtual'], code: 'INVALID_VALUE', message: 'Virtual must be true or false.' },
      { field: ['input', 'attributes', 'tier'], code: 'INVALID_VALUE', message: 'Support tier must be one of GOLD, SILVER, BRONZE.' },
      { field: ['input', 'attributes', 'installedOn'], code: 'INVALID_VALUE', message: 'Installed on must be a calendar date as YYYY-MM-DD.' },
      { field: ['input', 'attributes', 'managementIp'], code: 'INVALID_VALUE', message: 'Management IP must be an IPv4 or IPv6 address.' },
      { field: ['input', 'attributes', 'mac'], code: 'INVALID_VALUE', message: 'MAC address must be a MAC address of six hex pairs separated by ":" or "-".' },
    ]);
    const { data } = await cmdb.execute(`{ configurationItem(code: "${code}") { id } }`);
    expect(data.configurationItem).toBeNull();
  });

  it('refuses a pattern that cannot be checked in linear time, naming its field, and checks long values against any other', async () => {
    const { ciType } = await mutateOk(cmdb, 'createCiType', 'ciType { id code }', { code: `PATTERNED_${suffix}`, name: 'Patterned' });
    const refused = await mutate(cmdb, 'createCiTypeVersion', 'ciTypeVersion { id }', {
      ciTypeId: ciType.id,
      attributes: [
        { key: 'name', label: 'Name', fieldType: 'STRING', pattern: '^[a-z]+$' },
        { key: 'explosive', label: 'Explosive', fieldType: 'STRING', pattern: '^(a|aa)+$' },
        { key: 'twice', label: 'Twice', fieldType: 'STRING', pattern: '^(a+)\\1$' },
      ],
    });
    expect(refused).toEqual({
      ciTypeVersion: null,
      userErrors: [{ field: ['input', 'attributes', '2', 'pattern'], code: 'INVALID_VALUE', message: expect.stringContaining('"^(a+)\\1$" cannot be checked in time proportional to the value') }],
    });

    const patterned = await createTypeWithAttributes(cmdb, `EXPLOSIVE_${suffix}`, [{ key: 'explosive', label: 'Explosive', fieldType: 'STRING', pattern: '^(a|aa)+$' }]);
    const item = (code: string, explosive: string) =>
      mutate(cmdb, 'createConfigurationItem', 'configurationItem { attributes }', { code, name: code, typeCode: patterned.code, attributes: { explosive } });
    expect(await item(`CI-LONG-${suffix}`, `${'a'.repeat(10_000)}!`)).toEqual({
      configurationItem: null,
      userErrors: [{ field: ['input', 'attributes', 'explosive'], code: 'INVALID_VALUE', message: 'Explosive must match the pattern ^(a|aa)+$.' }],
    });
    expect(await item(`CI-SHORT-${suffix}`, 'aaaa')).toEqual({ configurationItem: { attributes: { explosive: 'aaaa' } }, userErrors: [] });
  });

  it('names a missing required attribute', async () => {
    const payload = await create(`CI-MISSING-${suffix}`, { cores: 4 });
    expect(payload.userErrors).toEqual([{ field: ['input', 'attributes', 'hostname'], code: 'INVALID_VALUE', message: 'Host name is required.' }]);
  });

  it('validates new and updated items against the newly published version and retires the previous one', async () => {
    const typeCode = `VERSIONED_${suffix}`;
    const versioned = await createTypeWithAttributes(cmdb, typeCode, [{ key: 'os', label: 'OS', fieldType: 'STRING' }]);
    const old = await mutateOk(cmdb, 'createConfigurationItem', 'configurationItem { id }', { code: `CI-V1-${suffix}`, name: 'v1 item', typeCode, attributes: { os: 'Linux' } });
    const draft = await mutateOk(cmdb, 'createCiTypeVersion', 'ciTypeVersion { id version status }', {
      ciTypeId: versioned.id,
      attributes: [{ key: 'os', label: 'OS', fieldType: 'ENUM', enumValues: ['LINUX', 'WINDOWS'], required: true }, { key: 'owner', label: 'Owner', fieldType: 'STRING', defaultValue: 'ops' }],
    });
    expect(draft.ciTypeVersion).toMatchObject({ version: 2, status: 'DRAFT' });
    // Still validated against version 1 while version 2 is a draft.
    await mutateOk(cmdb, 'createConfigurationItem', 'configurationItem { id }', { code: `CI-V1B-${suffix}`, name: 'still v1', typeCode, attributes: { os: 'Plan 9' } });
    const published = await mutateOk(cmdb, 'publishCiTypeVersion', 'ciTypeVersion { version status }', { versionId: draft.ciTypeVersion.id });
    expect(published.ciTypeVersion).toEqual({ version: 2, status: 'ACTIVE' });
    const { data } = await cmdb.execute(`{ ciType(code: "${typeCode}") { activeVersion { version } versions { version status retiredAt } } }`);
    expect(data.ciType.activeVersion).toEqual({ version: 2 });
    expect(data.ciType.versions).toEqual([{ version: 2, status: 'ACTIVE', retiredAt: null }, { version: 1, status: 'RETIRED', retiredAt: expect.any(String) }]);

    const refused = await mutate(cmdb, 'createConfigurationItem', 'configurationItem { id }', { code: `CI-V2-${suffix}`, name: 'v2 item', typeCode, attributes: { os: 'Linux' } });
    expect(refused.userErrors).toEqual([{ field: ['input', 'attributes', 'os'], code: 'INVALID_VALUE', message: 'OS must be one of LINUX, WINDOWS.' }]);
    const update = await mutate(cmdb, 'updateConfigurationItem', 'configurationItem { attributes typeVersion { version } }', { id: old.configurationItem.id, name: 'renamed' });
    expect(update.userErrors).toEqual([{ field: ['input', 'attributes', 'os'], code: 'INVALID_VALUE', message: 'OS must be one of LINUX, WINDOWS.' }]);
    const fixed = await mutateOk(cmdb, 'updateConfigurationItem', 'configurationItem { name attributes typeVersion { version } }', { id: old.configurationItem.id, name: 'renamed', attributes: { os: 'LINUX' } });
    expect(fixed.configurationItem).toEqual({ name: 'renamed', attributes: { os: 'LINUX', owner: 'ops' }, typeVersion: { version: 2 } });
  });

  it('changes only draft versions and publishes each draft once', async () => {
    const ciType = await mutateOk(cmdb, 'createCiType', 'ciType { id }', { code: `DRAFTY_${suffix}`, name: 'Drafty' });
    const draft = await mutateOk(cmdb, 'createCiTypeVersion', 'ciTypeVersion { id }', { ciTypeId: ciType.ciType.id, attributes: [] });
    const edited = await mutateOk(cmdb, 'updateCiTypeVersion', 'ciTypeVersion { attributes { key } }', { versionId: draft.ciTypeVersion.id, attributes: [{ key: 'a', label: 'A', fieldType: 'BOOLEAN' }] });
    expect(edited.ciTypeVersion.attributes).toEqual([{ key: 'a' }]);
    await mutateOk(cmdb, 'publishCiTypeVersion', 'ciTypeVersion { id }', { versionId: draft.ciTypeVersion.id });
    const again = await mutate(cmdb, 'publishCiTypeVersion', 'ciTypeVersion { id }', { versionId: draft.ciTypeVersion.id });
    expect(again.userErrors).toEqual([{ field: ['input', 'versionId'], code: 'INVALID_TRANSITION', message: 'Version 1 is ACTIVE; only a draft can be published.' }]);
    const change = await mutate(cmdb, 'updateCiTypeVersion', 'ciTypeVersion { id }', { versionId: draft.ciTypeVersion.id, attributes: [] });
    expect(change.userErrors).toEqual([{ field: ['input', 'versionId'], code: 'INVALID_TRANSITION', message: 'Version 1 is ACTIVE; only drafts change.' }]);
  });

  it('leaves exactly one active version when two drafts of a type are published at once', async () => {
    const ciType = await mutateOk(cmdb, 'createCiType', 'ciType { id }', { code: `RACE_${suffix}`, name: 'Race' });
    const drafts = await Promise.all([1, 2].map(() => mutateOk(cmdb, 'createCiTypeVersion', 'ciTypeVersion { id version }', { ciTypeId: ciType.ciType.id, attributes: [] })));
    expect(drafts.map((d) => d.ciTypeVersion.version).sort()).toEqual([1, 2]);
    await Promise.all(drafts.map((d) => mutateOk(cmdb, 'publishCiTypeVersion', 'ciTypeVersion { id }', { versionId: d.ciTypeVersion.id })));
    const { data } = await cmdb.execute(`{ ciType(code: "RACE_${suffix}") { versions { status } } }`);
    expect(data.ciType.versions.map((v: { status: string }) => v.status).sort()).toEqual(['ACTIVE', 'RETIRED']);
  });

  it('refuses attribute definitions that break their own rules, naming the definition and option', async () => {
    const payload = await mutate(cmdb, 'createCiTypeVersion', 'ciTypeVersion { id }', {
      ciTypeId: type.id,
      attributes: [{ key: 'size', label: 'Size', fieldType: 'ENUM' }, { key: 'size', label: 'Size', fieldType: 'NUMBER', minLength: 2 }],
    });
    expect(payload).toEqual({
      ciTypeVersion: null,
      userErrors: [
        { field: ['input', 'attributes', '0', 'enumValues'], code: 'INVALID_VALUE', message: 'An ENUM attribute needs at least one value.' },
        { field: ['input', 'attributes', '1', 'key'], code: 'INVALID_VALUE', message: '"size" is defined twice.' },
        { field: ['input', 'attributes', '1', 'minLength'], code: 'INVALID_VALUE', message: '"minLength" applies only to STRING attributes.' },
      ],
    });
  });

  it('refuses a second type with the same code and a malformed code', async () => {
    expect((await mutate(cmdb, 'createCiType', 'ciType { id }', { code: type.code, name: 'Again' })).userErrors).toEqual([
      { field: ['input', 'code'], code: 'DUPLICATE', message: 'A CI type with this code already exists.' },
    ]);
    expect((await mutate(cmdb, 'createCiType', 'ciType { id }', { code: 'lower case', name: 'Bad' })).userErrors).toEqual([
      { field: ['input', 'code'], code: 'INVALID_VALUE', message: 'A type code is a capital letter, then capitals, digits or underscores (at most 64).' },
    ]);
  });

  it('finds items by attribute value, search text, owner team and asset link', async () => {
    await mutateOk(cmdb, 'createConfigurationItem', 'configurationItem { id }', { code: `CI-FIND-${suffix}`, name: 'Findable box', typeCode: type.code, ownerTeam: `team-${suffix}`, attributes: { hostname: 'findme', tier: 'BRONZE' } });
    const query = `query ($filter: ConfigurationItemFilter) { configurationItems(filter: $filter) { totalCount edges { node { code } } } }`;
    const codes = async (filter: Record<string, unknown>) => (await cmdb.execute(query, { filter })).data.configurationItems.edges.map((e: any) => e.node.code);
    expect(await codes({ typeCode: type.code, attributes: { tier: 'BRONZE' } })).toEqual([`CI-FIND-${suffix}`]);
    expect(await codes({ search: `find-${suffix.toLowerCase()}` })).toEqual([`CI-FIND-${suffix}`]);
    expect(await codes({ ownerTeam: `team-${suffix}`, hasAsset: false })).toEqual([`CI-FIND-${suffix}`]);
    expect(await codes({ ownerTeam: `team-${suffix}`, hasAsset: true })).toEqual([]);
    expect(await codes({ search: '%' })).toEqual([]);
  });

  it('lets analysts read but not write', async () => {
    const { errors } = await cmdb.execute(`mutation { createCiType(input: { code: "NOPE_${suffix}", name: "Nope" }) { ciType { id } } }`, {}, { as: 'analyst' });
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const read = await cmdb.execute(`{ ciTypes { code } }`, {}, { as: 'analyst' });
    expect(read.data.ciTypes.map((t: { code: string }) => t.code)).toContain(type.code);
  });

  it('records every change in the audit trail', async () => {
    const rows = await cmdb.db.query<{ action: string; actor: string }>('auditOfTest', `SELECT action, actor FROM cmdb.audit_event
       WHERE (entity_type = 'ConfigurationItem' AND after->>'code' = $1) OR (entity_type = 'CiTypeVersion' AND entity_id = $2)
       ORDER BY id`, [`CI-OK-${suffix}`, type.versionId]);
    expect(rows).toEqual([
      { action: 'ci_type_version.created', actor: 'test-operator' },
      { action: 'ci_type_version.published', actor: 'test-operator' },
      { action: 'configuration_item.created', actor: 'test-operator' },
    ]);
  });
});
