import { describe, expect, it } from 'vitest';
import { validateAttributeDefinitions } from './attribute-definitions.ts';

describe('validateAttributeDefinitions', () => {
  it('normalises sound definitions, ordering them by list position unless told otherwise', () => {
    const { definitions, problems } = validateAttributeDefinitions([
      { key: 'ip', label: ' Management IP ', fieldType: 'IP_ADDRESS', required: true },
      { key: 'mac', label: 'MAC', fieldType: 'MAC_ADDRESS', defaultValue: 'AA-BB-CC-DD-EE-FF', order: 10 },
    ]);
    expect(problems).toEqual([]);
    expect(definitions).toEqual([
      { key: 'ip', label: 'Management IP', fieldType: 'IP_ADDRESS', required: true, pattern: null, minLength: null, maxLength: null, minValue: null, maxValue: null, enumValues: null, defaultValue: null, helpText: null, order: 0 },
      { key: 'mac', label: 'MAC', fieldType: 'MAC_ADDRESS', required: false, pattern: null, minLength: null, maxLength: null, minValue: null, maxValue: null, enumValues: null, defaultValue: 'aa:bb:cc:dd:ee:ff', helpText: null, order: 10 },
    ]);
  });

  it('refuses malformed and repeated keys, options on the wrong field type and inverted bounds', () => {
    const { definitions, problems } = validateAttributeDefinitions([
      { key: '9lives', label: 'x', fieldType: 'STRING' },
      { key: 'cores', label: 'Cores', fieldType: 'NUMBER', minValue: 8, maxValue: 2, pattern: '^\\d+$' },
      { key: 'cores', label: 'Again', fieldType: 'NUMBER' },
      { key: 'name', label: 'Name', fieldType: 'STRING', minLength: 5, maxLength: 1, minValue: 3 },
    ]);
    expect(definitions).toEqual([]);
    expect(problems).toEqual([
      { index: 0, field: 'key', message: '"9lives" is not a valid key: a letter, then letters, digits or underscores, at most 64.' },
      { index: 1, field: 'pattern', message: '"pattern" applies only to STRING attributes.' },
      { index: 1, field: 'maxValue', message: '"maxValue" must not be below "minValue".' },
      { index: 2, field: 'key', message: '"cores" is defined twice.' },
      { index: 3, field: 'minValue', message: '"minValue" applies only to NUMBER attributes.' },
      { index: 3, field: 'maxLength', message: '"maxLength" must not be below "minLength".' },
    ]);
  });

  it('refuses a pattern only a backtracking engine runs, and checks a long default against an explosive pattern', () => {
    const { definitions, problems } = validateAttributeDefinitions([
      { key: 'plain', label: 'Plain', fieldType: 'STRING', pattern: '^[a-z]+$', defaultValue: 'abc' },
      { key: 'explosive', label: 'Explosive', fieldType: 'STRING', pattern: '^(a|aa)+$', defaultValue: `${'a'.repeat(10_000)}!` },
      { key: 'twice', label: 'Twice', fieldType: 'STRING', pattern: '^(a+)\\1$' },
    ]);
    expect(definitions).toEqual([]);
    expect(problems).toEqual([
      { index: 2, field: 'pattern', message: expect.stringContaining('"^(a+)\\1$" cannot be checked in time proportional to the value (it uses a backreference)') },
      { index: 1, field: 'defaultValue', message: 'The default must match the pattern ^(a|aa)+$.' },
    ]);
  });

  it('needs unique values for an ENUM, a compilable pattern and a default that passes its own definition', () => {
    const { problems } = validateAttributeDefinitions([
      { key: 'tier', label: 'Tier', fieldType: 'ENUM', enumValues: [] },
      { key: 'size', label: 'Size', fieldType: 'ENUM', enumValues: ['S', 'S'] },
      { key: 'code', label: 'Code', fieldType: 'STRING', pattern: '([a-z' },
      { key: 'cores', label: 'Cores', fieldType: 'NUMBER', maxValue: 64, defaultValue: 128 },
      { key: 'colour', label: 'Colour', fieldType: 'ENUM', enumValues: ['RED'], defaultValue: 'BLUE' },
    ]);
    expect(problems).toEqual([
      { index: 0, field: 'enumValues', message: 'An ENUM attribute needs at least one value.' },
      { index: 1, field: 'enumValues', message: 'Enum values must be unique.' },
      { index: 2, field: 'pattern', message: '"([a-z" is not a valid regular expression.' },
      { index: 3, field: 'defaultValue', message: 'The default must be at most 64.' },
      { index: 4, field: 'defaultValue', message: 'The default must be one of RED.' },
    ]);
  });
});
