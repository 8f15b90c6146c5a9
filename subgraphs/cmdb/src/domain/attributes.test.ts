import { describe, expect, it } from 'vitest';
import { checkAttributeValue, mergeAttributes, validateAttributes, type AttributeDefinition } from './attributes.ts';

const definition = (overrides: Partial<AttributeDefinition> & Pick<AttributeDefinition, 'key' | 'fieldType'>): AttributeDefinition => ({
  label: overrides.key,
  required: false,
  pattern: null,
  minLength: null,
  maxLength: null,
  minValue: null,
  maxValue: null,
  enumValues: null,
  defaultValue: null,
  ...overrides,
});

describe('checkAttributeValue', () => {
  it('accepts text within its length bounds and pattern, and refuses text outside them', () => {
    const hostname = definition({ key: 'hostname', fieldType: 'STRING', minLength: 3, maxLength: 8, pattern: '^[a-z0-9-]+$' });
    expect(checkAttributeValue(hostname, 'web-01')).toEqual({ value: 'web-01' });
    expect(checkAttributeValue(hostname, 'ab')).toEqual({ problem: 'must have at least 3 characters' });
    expect(checkAttributeValue(hostname, 'web-server-01')).toEqual({ problem: 'must have at most 8 characters' });
    expect(checkAttributeValue(hostname, 'WEB01')).toEqual({ problem: 'must match the pattern ^[a-z0-9-]+$' });
    expect(checkAttributeValue(hostname, 42)).toEqual({ problem: 'must be text' });
  });

  it('checks a value of 10,000 characters against a pattern that makes a backtracking engine explode', () => {
    const code = definition({ key: 'code', fieldType: 'STRING', pattern: '^(a|aa)+$' });
    expect(checkAttributeValue(code, `${'a'.repeat(10_000)}!`)).toEqual({ problem: 'must match the pattern ^(a|aa)+$' });
    expect(checkAttributeValue(code, 'aaaa')).toEqual({ value: 'aaaa' });
  });

  it('refuses a value rather than run a stored pattern that cannot be checked in linear time', () => {
    const twice = definition({ key: 'twice', fieldType: 'STRING', pattern: '^(a+)\\1$' });
    expect(checkAttributeValue(twice, 'aa')).toEqual({ problem: expect.stringMatching(/^cannot be checked against its pattern, which a newer version of the type must replace: "\^\(a\+\)\\1\$" cannot be checked in time proportional to the value .*supported$/) });
  });

  it('counts characters, not UTF-16 code units, against length bounds', () => {
    expect(checkAttributeValue(definition({ key: 'tag', fieldType: 'STRING', maxLength: 2 }), '😀😀')).toEqual({ value: '😀😀' });
  });

  it('accepts finite numbers within their bounds only', () => {
    const cores = definition({ key: 'cores', fieldType: 'NUMBER', minValue: 1, maxValue: 128 });
    expect(checkAttributeValue(cores, 1)).toEqual({ value: 1 });
    expect(checkAttributeValue(cores, 128)).toEqual({ value: 128 });
    expect(checkAttributeValue(cores, 0)).toEqual({ problem: 'must be at least 1' });
    expect(checkAttributeValue(cores, 129)).toEqual({ problem: 'must be at most 128' });
    expect(checkAttributeValue(cores, '8')).toEqual({ problem: 'must be a number' });
  });

  it('accepts only true and false as booleans', () => {
    const virtual = definition({ key: 'virtual', fieldType: 'BOOLEAN' });
    expect(checkAttributeValue(virtual, false)).toEqual({ value: false });
    expect(checkAttributeValue(virtual, 'true')).toEqual({ problem: 'must be true or false' });
  });

  it('accepts only the listed enum values', () => {
    const tier = definition({ key: 'tier', fieldType: 'ENUM', enumValues: ['GOLD', 'SILVER'] });
    expect(checkAttributeValue(tier, 'GOLD')).toEqual({ value: 'GOLD' });
    expect(checkAttributeValue(tier, 'gold')).toEqual({ problem: 'must be one of GOLD, SILVER' });
  });

  it('accepts real calendar dates only', () => {
    const installed = definition({ key: 'installedOn', fieldType: 'DATE' });
    expect(checkAttributeValue(installed, '2024-02-29')).toEqual({ value: '2024-02-29' });
    expect(checkAttributeValue(installed, '2023-02-29')).toEqual({ problem: 'must be a calendar date as YYYY-MM-DD' });
    expect(checkAttributeValue(installed, '2024-2-1')).toEqual({ problem: 'must be a calendar date as YYYY-MM-DD' });
  });

  it('accepts IPv4 and IPv6 addresses and refuses anything else', () => {
    const ip = definition({ key: 'ip', fieldType: 'IP_ADDRESS' });
    expect(checkAttributeValue(ip, '10.0.0.1')).toEqual({ value: '10.0.0.1' });
    expect(checkAttributeValue(ip, '2001:db8::1')).toEqual({ value: '2001:db8::1' });
    expect(checkAttributeValue(ip, '10.0.0.256')).toEqual({ problem: 'must be an IPv4 or IPv6 address' });
    expect(checkAttributeValue(ip, 'localhost')).toEqual({ problem: 'must be an IPv4 or IPv6 address' });
  });

  it('normalises MAC addresses to lower case with colons and refuses mixed separators', () => {
    const mac = definition({ key: 'mac', fieldType: 'MAC_ADDRESS' });
    expect(checkAttributeValue(mac, 'AA-BB-CC-00-11-22')).toEqual({ value: 'aa:bb:cc:00:11:22' });
    expect(checkAttributeValue(mac, 'aa:bb:cc:00:11:22')).toEqual({ value: 'aa:bb:cc:00:11:22' });
    expect(checkAttributeValue(mac, 'aa:bb-cc:00:11:22')).toEqual({ problem: 'must be a MAC address of six hex pairs separated by ":" or "-"' });
    expect(checkAttributeValue(mac, 'aa:bb:cc:00:11')).toEqual({ problem: 'must be a MAC address of six hex pairs separated by ":" or "-"' });
  });

  it('accepts any JSON value for a JSON attribute', () => {
    expect(checkAttributeValue(definition({ key: 'extra', fieldType: 'JSON' }), { a: [1, 2] })).toEqual({ value: { a: [1, 2] } });
  });
});

describe('validateAttributes', () => {
  const definitions = [
    definition({ key: 'ip', label: 'Management IP', fieldType: 'IP_ADDRESS', required: true }),
    definition({ key: 'rackUnits', label: 'Rack units', fieldType: 'NUMBER', minValue: 1, defaultValue: 1 }),
    definition({ key: 'os', label: 'Operating system', fieldType: 'STRING' }),
  ];

  it('reports every problem, each naming its attribute', () => {
    const { problems } = validateAttributes(definitions, { rackUnits: 0, colour: 'red' }, { applyDefaults: true });
    expect(problems).toEqual([
      { key: 'colour', message: '"colour" is not an attribute of this type.' },
      { key: 'ip', message: 'Management IP is required.' },
      { key: 'rackUnits', message: 'Rack units must be at least 1.' },
    ]);
  });

  it('fills in defaults when asked and drops null values', () => {
    expect(validateAttributes(definitions, { ip: '10.1.1.1', os: null }, { applyDefaults: true })).toEqual({
      values: { ip: '10.1.1.1', rackUnits: 1 },
      problems: [],
    });
    expect(validateAttributes(definitions, { ip: '10.1.1.1' }, { applyDefaults: false }).values).toEqual({ ip: '10.1.1.1' });
  });

  it('does not let a default satisfy a required attribute when defaults are not applied', () => {
    const required = [definition({ key: 'site', label: 'Site', fieldType: 'STRING', required: true, defaultValue: 'HQ' })];
    expect(validateAttributes(required, {}, { applyDefaults: false }).problems).toEqual([{ key: 'site', message: 'Site is required.' }]);
    expect(validateAttributes(required, {}, { applyDefaults: true })).toEqual({ values: { site: 'HQ' }, problems: [] });
  });
});

describe('mergeAttributes', () => {
  it('sets named keys, removes keys set to null and keeps the rest', () => {
    expect(mergeAttributes({ a: 1, b: 2, c: 3 }, { b: 20, c: null, d: 4 })).toEqual({ a: 1, b: 20, d: 4 });
  });
});
