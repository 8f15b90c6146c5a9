import { describe, expect, it } from 'vitest';
import { checkSpecValue, normalizeSpecFields, validateSpec, type SpecField, type SpecFieldInput } from './spec.ts';

function field(input: SpecFieldInput): SpecField {
  const { fields, problems } = normalizeSpecFields([input]);
  expect(problems).toEqual([]);
  return fields[0]!;
}

const message = (result: ReturnType<typeof checkSpecValue>) => (result.ok ? null : result.message);

describe('specification values', () => {
  it('STRING: checks type, length bounds and the pattern in full', () => {
    const hostname = field({ key: 'hostname', type: 'STRING', min: 3, max: 8, pattern: '[a-z][a-z0-9-]*' });
    expect(checkSpecValue(hostname, 'web-01')).toEqual({ ok: true, value: 'web-01' });
    expect(message(checkSpecValue(hostname, 42))).toBe('must be a string');
    expect(message(checkSpecValue(hostname, 'ab'))).toBe('must be at least 3 characters long');
    expect(message(checkSpecValue(hostname, 'abcdefghi'))).toBe('must be at most 8 characters long');
    expect(message(checkSpecValue(hostname, 'Web-01'))).toBe('must match the pattern [a-z][a-z0-9-]*');
    expect(message(checkSpecValue(hostname, 'web 01'))).toBe('must match the pattern [a-z][a-z0-9-]*');
  });

  it('STRING: matches a pattern that makes a backtracking engine explode in time linear in the value', () => {
    // JavaScript's own engine needs about 0.5 s for 36 characters here, six times more for every 4 more.
    const evil = field({ key: 'code', type: 'STRING', pattern: '(a|aa)+' });
    expect(message(checkSpecValue(evil, `${'a'.repeat(10_000)}!`))).toBe('must match the pattern (a|aa)+');
    expect(checkSpecValue(evil, 'a'.repeat(10_000))).toEqual({ ok: true, value: 'a'.repeat(10_000) });
    expect(message(checkSpecValue(field({ key: 'nested', type: 'STRING', pattern: '(a+)+b' }), 'a'.repeat(10_000)))).toBe('must match the pattern (a+)+b');
  });

  it('STRING: a pattern matches the whole value, even one with alternatives', () => {
    const either = field({ key: 'either', type: 'STRING', pattern: 'ab|cd' });
    expect(checkSpecValue(either, 'cd')).toEqual({ ok: true, value: 'cd' });
    expect(message(checkSpecValue(either, 'abcd'))).toBe('must match the pattern ab|cd');
    expect(message(checkSpecValue(either, 'xab'))).toBe('must match the pattern ab|cd');
  });

  it('STRING: refuses, when the specification is saved, a pattern only a backtracking engine can run', () => {
    const { problems } = normalizeSpecFields([
      { key: 'twice', type: 'STRING', pattern: '(a+)\\1' },
      { key: 'ahead', type: 'STRING', pattern: 'a(?=b)' },
    ]);
    expect(problems.map((problem) => problem.path.join('.'))).toEqual(['0.pattern', '1.pattern']);
    expect(problems[0]!.message).toMatch(/^"\(a\+\)\\1" cannot be checked in time proportional to the value \(it uses a backreference\)/);
  });

  it('NUMBER: checks type and value bounds', () => {
    const ram = field({ key: 'ramGb', type: 'NUMBER', min: 4, max: 512, unit: 'GB' });
    expect(checkSpecValue(ram, 16)).toEqual({ ok: true, value: 16 });
    expect(checkSpecValue(ram, 4)).toEqual({ ok: true, value: 4 });
    expect(message(checkSpecValue(ram, '16'))).toBe('must be a number');
    expect(message(checkSpecValue(ram, 2))).toBe('must be at least 4');
    expect(message(checkSpecValue(ram, 1024))).toBe('must be at most 512');
  });

  it('BOOLEAN: accepts only true and false', () => {
    const touch = field({ key: 'touch', type: 'BOOLEAN' });
    expect(checkSpecValue(touch, false)).toEqual({ ok: true, value: false });
    expect(message(checkSpecValue(touch, 'yes'))).toBe('must be true or false');
    expect(message(checkSpecValue(touch, 1))).toBe('must be true or false');
  });

  it('ENUM: accepts only the listed values, case-sensitively', () => {
    const form = field({ key: 'formFactor', type: 'ENUM', enumValues: ['1U', '2U', 'TOWER'] });
    expect(checkSpecValue(form, '2U')).toEqual({ ok: true, value: '2U' });
    expect(message(checkSpecValue(form, 'tower'))).toBe('must be one of 1U, 2U, TOWER');
  });

  it('DATE: accepts real calendar dates only', () => {
    const released = field({ key: 'released', type: 'DATE' });
    expect(checkSpecValue(released, '2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(message(checkSpecValue(released, '2023-02-29'))).toBe('must be a date in the form YYYY-MM-DD');
    expect(message(checkSpecValue(released, '29/02/2024'))).toBe('must be a date in the form YYYY-MM-DD');
  });

  it('IP_ADDRESS: accepts IPv4 and IPv6', () => {
    const ip = field({ key: 'managementIp', type: 'IP_ADDRESS' });
    expect(checkSpecValue(ip, '10.0.0.1')).toEqual({ ok: true, value: '10.0.0.1' });
    expect(checkSpecValue(ip, 'fe80::1')).toEqual({ ok: true, value: 'fe80::1' });
    expect(message(checkSpecValue(ip, '10.0.0.256'))).toBe('must be an IPv4 or IPv6 address');
    expect(message(checkSpecValue(ip, 'localhost'))).toBe('must be an IPv4 or IPv6 address');
  });

  it('MAC_ADDRESS: accepts the usual notations and stores upper-case colon form', () => {
    const mac = field({ key: 'mac', type: 'MAC_ADDRESS' });
    expect(checkSpecValue(mac, '00:1a:2b:3c:4d:5e')).toEqual({ ok: true, value: '00:1A:2B:3C:4D:5E' });
    expect(checkSpecValue(mac, '00-1A-2B-3C-4D-5E')).toEqual({ ok: true, value: '00:1A:2B:3C:4D:5E' });
    expect(checkSpecValue(mac, '001a.2b3c.4d5e')).toEqual({ ok: true, value: '00:1A:2B:3C:4D:5E' });
    expect(message(checkSpecValue(mac, '00:1A:2B:3C:4D'))).toBe('must be a MAC address such as 00:1A:2B:3C:4D:5E');
    expect(message(checkSpecValue(mac, '00:1A-2B:3C:4D:5E'))).toBe('must be a MAC address such as 00:1A:2B:3C:4D:5E');
  });
});

describe('specification field definitions', () => {
  it('fills in the optional parts', () => {
    expect(normalizeSpecFields([{ key: 'cpu', type: 'STRING' }])).toEqual({
      fields: [{ key: 'cpu', label: null, type: 'STRING', required: false, pattern: null, min: null, max: null, enumValues: null, unit: null, default: null, description: null }],
      problems: [],
    });
  });

  it('refuses each malformed definition at the part that is wrong', () => {
    const { problems } = normalizeSpecFields([
      { key: '1st', type: 'STRING' },
      { key: 'a', type: 'NUMBER', pattern: 'x' },
      { key: 'b', type: 'STRING', pattern: '(' },
      { key: 'c', type: 'ENUM' },
      { key: 'd', type: 'BOOLEAN', min: 1 },
      { key: 'e', type: 'NUMBER', min: 5, max: 1 },
      { key: 'f', type: 'STRING', unit: 'GB' },
      { key: 'g', type: 'NUMBER', default: 'many' },
      { key: 'A', type: 'BOOLEAN' }, // same key as 'a', ignoring case
      { key: 'h', type: 'ENUM', enumValues: ['X', 'X'] },
      { key: 'i', type: 'STRING', min: 1.5 },
    ]);
    expect(problems.map((problem) => problem.path.join('.'))).toEqual([
      '0.key', '1.pattern', '2.pattern', '3.enumValues', '4.min', '5.max', '6.unit', '7.default', '8.key', '9.enumValues', '10.min',
    ]);
    expect(problems[7]!.message).toBe('The default of "g" must be a number.');
  });

  it('refuses two fields whose keys differ only in case', () => {
    const { problems } = normalizeSpecFields([{ key: 'ram', type: 'NUMBER' }, { key: 'RAM', type: 'NUMBER' }]);
    expect(problems).toEqual([{ path: ['1', 'key'], message: 'Field key "RAM" appears more than once.' }]);
  });

  it('stores a normalized default', () => {
    const { fields } = normalizeSpecFields([{ key: 'mac', type: 'MAC_ADDRESS', default: 'aa-bb-cc-dd-ee-ff' }]);
    expect(fields[0]!.default).toBe('AA:BB:CC:DD:EE:FF');
  });
});

describe('validating a spec against its fields', () => {
  const { fields } = normalizeSpecFields([
    { key: 'ramGb', type: 'NUMBER', required: true, min: 1 },
    { key: 'formFactor', type: 'ENUM', enumValues: ['1U', '2U'], default: '1U' },
    { key: 'mac', type: 'MAC_ADDRESS' },
  ]);

  it('fills defaults and leaves optional fields out', () => {
    expect(validateSpec(fields, { ramGb: 64 })).toEqual({ spec: { ramGb: 64, formFactor: '1U' }, problems: [] });
  });

  it('names every missing, unknown and wrong key', () => {
    expect(validateSpec(fields, { formFactor: '3U', colour: 'red', mac: 'nope' }).problems).toEqual([
      { path: ['colour'], message: '"colour" is not a field of this specification (fields: ramGb, formFactor, mac).' },
      { path: ['ramGb'], message: '"ramGb" is required.' },
      { path: ['formFactor'], message: '"formFactor" must be one of 1U, 2U.' },
      { path: ['mac'], message: '"mac" must be a MAC address such as 00:1A:2B:3C:4D:5E.' },
    ]);
  });

  it('treats a null value as absent', () => {
    expect(validateSpec(fields, { ramGb: null }).problems).toEqual([{ path: ['ramGb'], message: '"ramGb" is required.' }]);
  });

  it('refuses a spec that is not an object', () => {
    expect(validateSpec(fields, [1, 2]).problems).toEqual([{ path: [], message: 'The spec must be a JSON object keyed by field key.' }]);
  });
});
