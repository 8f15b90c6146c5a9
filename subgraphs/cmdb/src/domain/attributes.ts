import { isIP } from 'node:net';
import { compilePattern } from '@inventory/platform';

/** The kinds of value an attribute holds. */
const FIELD_TYPES = ['STRING', 'NUMBER', 'BOOLEAN', 'ENUM', 'DATE', 'IP_ADDRESS', 'MAC_ADDRESS', 'JSON'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** One attribute of a CI type version, as validation needs it. */
export interface AttributeDefinition {
  readonly key: string;
  readonly label: string;
  readonly fieldType: FieldType;
  readonly required: boolean;
  readonly pattern: string | null;
  readonly minLength: number | null;
  readonly maxLength: number | null;
  readonly minValue: number | null;
  readonly maxValue: number | null;
  readonly enumValues: readonly string[] | null;
  /** null: no default. */
  readonly defaultValue: unknown;
}

/** Why one attribute value was refused. */
export interface AttributeProblem {
  readonly key: string;
  readonly message: string;
}

export type AttributeValues = Readonly<Record<string, unknown>>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAC = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i;

/** Whether `value` is a JSON object (not an array, not null). */
export function isAttributeObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Checks one value against its definition. Returns the value as stored
 * (MAC addresses normalised to lower case with `:`) or the reason it is
 * refused. `null` and absence are the caller's concern (see `validateAttributes`).
 */
export function checkAttributeValue(definition: AttributeDefinition, value: unknown): { value: unknown } | { problem: string } {
  const refuse = (problem: string) => ({ problem });
  switch (definition.fieldType) {
    case 'STRING': {
      if (typeof value !== 'string') return refuse('must be text');
      const length = [...value].length;
      if (definition.minLength !== null && length < definition.minLength) return refuse(`must have at least ${definition.minLength} characters`);
      if (definition.maxLength !== null && length > definition.maxLength) return refuse(`must have at most ${definition.maxLength} characters`);
      if (definition.pattern !== null) {
        const compiled = compilePattern(definition.pattern);
        // A pattern stored before patterns were checked this way may be one that cannot be run safely: refuse rather than run it.
        if ('problem' in compiled) return refuse(`cannot be checked against its pattern, which a newer version of the type must replace: ${compiled.problem.replace(/\.$/, '')}`);
        if (!compiled.pattern.test(value)) return refuse(`must match the pattern ${definition.pattern}`);
      }
      return { value };
    }
    case 'NUMBER': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return refuse('must be a number');
      if (definition.minValue !== null && value < definition.minValue) return refuse(`must be at least ${definition.minValue}`);
      if (definition.maxValue !== null && value > definition.maxValue) return refuse(`must be at most ${definition.maxValue}`);
      return { value };
    }
    case 'BOOLEAN':
      return typeof value === 'boolean' ? { value } : refuse('must be true or false');
    case 'ENUM':
      return typeof value === 'string' && (definition.enumValues ?? []).includes(value)
        ? { value }
        : refuse(`must be one of ${(definition.enumValues ?? []).join(', ')}`);
    case 'DATE':
      return typeof value === 'string' && isCalendarDate(value) ? { value } : refuse('must be a calendar date as YYYY-MM-DD');
    case 'IP_ADDRESS':
      return typeof value === 'string' && isIP(value) !== 0 ? { value } : refuse('must be an IPv4 or IPv6 address');
    case 'MAC_ADDRESS':
      return typeof value === 'string' && MAC.test(value)
        ? { value: value.toLowerCase().replaceAll('-', ':') }
        : refuse('must be a MAC address of six hex pairs separated by ":" or "-"');
    case 'JSON':
      return { value };
  }
}

/**
 * Validates a whole attribute map against the definitions of one version.
 * Every problem is reported, one per attribute: unknown keys, missing
 * required values, values breaking their definition. With `applyDefaults`,
 * absent attributes that have a default get it (for new items). A null value
 * counts as absent and is dropped.
 */
export function validateAttributes(
  definitions: readonly AttributeDefinition[],
  values: AttributeValues,
  { applyDefaults }: { applyDefaults: boolean },
): { values: Record<string, unknown>; problems: AttributeProblem[] } {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const problems: AttributeProblem[] = [];
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (!byKey.has(key)) problems.push({ key, message: `"${key}" is not an attribute of this type.` });
  }
  for (const definition of definitions) {
    let value = values[definition.key];
    if ((value === undefined || value === null) && applyDefaults && definition.defaultValue !== null) value = definition.defaultValue;
    if (value === undefined || value === null) {
      if (definition.required) problems.push({ key: definition.key, message: `${definition.label} is required.` });
      continue;
    }
    const checked = checkAttributeValue(definition, value);
    if ('problem' in checked) problems.push({ key: definition.key, message: `${definition.label} ${checked.problem}.` });
    else result[definition.key] = checked.value;
  }
  return { values: result, problems };
}

/** `current` with `changes` applied: a key set to null is removed, others are set. */
export function mergeAttributes(current: AttributeValues, changes: AttributeValues): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
