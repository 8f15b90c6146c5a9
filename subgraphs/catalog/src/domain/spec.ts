import { isIP } from 'node:net';
import { compilePattern, type ValuePattern } from '@inventory/platform';

/** Types a specification field's value may have (the `SpecFieldType` enum). */
const SPEC_FIELD_TYPES = ['STRING', 'NUMBER', 'BOOLEAN', 'ENUM', 'DATE', 'IP_ADDRESS', 'MAC_ADDRESS'] as const;
export type SpecFieldType = (typeof SPEC_FIELD_TYPES)[number];

/** One typed field of a category's specification, as stored in `spec_version.fields`. */
export interface SpecField {
  readonly key: string;
  readonly label: string | null;
  readonly type: SpecFieldType;
  readonly required: boolean;
  readonly pattern: string | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly enumValues: readonly string[] | null;
  readonly unit: string | null;
  /** `undefined`/`null`: no default. */
  readonly default: unknown;
  readonly description: string | null;
}

/** A field definition as a client sends it; optional parts may be absent or null. */
export interface SpecFieldInput {
  readonly key: string;
  readonly label?: string | null;
  readonly type: SpecFieldType;
  readonly required?: boolean | null;
  readonly pattern?: string | null;
  readonly min?: number | null;
  readonly max?: number | null;
  readonly enumValues?: readonly string[] | null;
  readonly unit?: string | null;
  readonly default?: unknown;
  readonly description?: string | null;
}

/** One thing wrong, at `path` below the part of the input that was checked. */
export interface SpecProblem {
  readonly path: readonly string[];
  readonly message: string;
}

const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAC = /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}$/;
const MAC_DOTTED = /^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/;
const MAX_FIELDS = 200;
const MAX_PATTERN_LENGTH = 200;

function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A field's pattern, matched against the whole value by the platform's
 * linear-time engine: no operator-defined pattern can stall the subgraph.
 * Patterns were checked when their specification was saved; one that no
 * longer compiles matches nothing.
 */
function compile(pattern: string): ValuePattern {
  const compiled = compilePattern(pattern, { wholeValue: true });
  return 'pattern' in compiled ? compiled.pattern : { test: () => false };
}

/**
 * Checks one value against its field definition and returns it normalized
 * (MAC addresses as upper-case colon-separated), or the reason it is
 * refused. `value` must not be null or undefined: absence is the caller's
 * business (required, default).
 */
export function checkSpecValue(field: SpecField, value: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const refuse = (message: string) => ({ ok: false as const, message });
  switch (field.type) {
    case 'STRING': {
      if (typeof value !== 'string') return refuse('must be a string');
      const length = [...value].length;
      if (field.min !== null && length < field.min) return refuse(`must be at least ${field.min} characters long`);
      if (field.max !== null && length > field.max) return refuse(`must be at most ${field.max} characters long`);
      if (field.pattern !== null && !compile(field.pattern).test(value)) return refuse(`must match the pattern ${field.pattern}`);
      return { ok: true, value };
    }
    case 'NUMBER': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return refuse('must be a number');
      if (field.min !== null && value < field.min) return refuse(`must be at least ${field.min}`);
      if (field.max !== null && value > field.max) return refuse(`must be at most ${field.max}`);
      return { ok: true, value };
    }
    case 'BOOLEAN':
      return typeof value === 'boolean' ? { ok: true, value } : refuse('must be true or false');
    case 'ENUM':
      return typeof value === 'string' && (field.enumValues ?? []).includes(value)
        ? { ok: true, value }
        : refuse(`must be one of ${(field.enumValues ?? []).join(', ')}`);
    case 'DATE':
      return typeof value === 'string' && isCalendarDate(value) ? { ok: true, value } : refuse('must be a date in the form YYYY-MM-DD');
    case 'IP_ADDRESS':
      return typeof value === 'string' && isIP(value) !== 0 ? { ok: true, value } : refuse('must be an IPv4 or IPv6 address');
    case 'MAC_ADDRESS': {
      if (typeof value !== 'string' || !(MAC.test(value) || MAC_DOTTED.test(value))) {
        return refuse('must be a MAC address such as 00:1A:2B:3C:4D:5E');
      }
      const hex = value.replace(/[^0-9A-Fa-f]/g, '').toUpperCase();
      return { ok: true, value: hex.match(/../g)!.join(':') };
    }
  }
}

/**
 * Validates field definitions and returns them in stored form. Problems name
 * the index of the definition and the part of it that is wrong (paths below
 * `fields`). A definition is only usable when `problems` is empty.
 */
export function normalizeSpecFields(inputs: readonly SpecFieldInput[]): { fields: SpecField[]; problems: SpecProblem[] } {
  const problems: SpecProblem[] = [];
  const fields: SpecField[] = [];
  if (inputs.length > MAX_FIELDS) problems.push({ path: [], message: `A specification has at most ${MAX_FIELDS} fields.` });
  const seen = new Set<string>();
  inputs.forEach((input, index) => {
    const at = (part?: string) => (part ? [String(index), part] : [String(index)]);
    const problem = (part: string, message: string) => problems.push({ path: at(part), message });
    const before = problems.length;
    const key = input.key.trim();
    if (!KEY.test(key)) problem('key', `Field key "${input.key}" must start with a letter and hold only letters, digits and _ (at most 64).`);
    else if (seen.has(key.toLowerCase())) problem('key', `Field key "${key}" appears more than once.`);
    seen.add(key.toLowerCase());
    const type = input.type;
    const pattern = input.pattern ?? null;
    if (pattern !== null) {
      if (type !== 'STRING') problem('pattern', 'Only STRING fields take a pattern.');
      else if (pattern.length > MAX_PATTERN_LENGTH) problem('pattern', `A pattern has at most ${MAX_PATTERN_LENGTH} characters.`);
      else {
        const compiled = compilePattern(pattern, { wholeValue: true });
        if ('problem' in compiled) problem('pattern', compiled.problem);
      }
    }
    const min = input.min ?? null;
    const max = input.max ?? null;
    if ((min !== null || max !== null) && type !== 'NUMBER' && type !== 'STRING') {
      problem(min !== null ? 'min' : 'max', 'Only NUMBER and STRING fields take min and max.');
    } else if (type === 'STRING') {
      if (min !== null && (!Number.isInteger(min) || min < 0)) problem('min', 'The length bound min must be a whole number of at least 0.');
      if (max !== null && (!Number.isInteger(max) || max < 0)) problem('max', 'The length bound max must be a whole number of at least 0.');
    }
    if (min !== null && max !== null && min > max) problem('max', 'max must not be below min.');
    const enumValues = input.enumValues ?? null;
    if (type === 'ENUM') {
      if (enumValues === null || enumValues.length === 0) problem('enumValues', 'An ENUM field needs at least one value.');
      else if (new Set(enumValues).size !== enumValues.length) problem('enumValues', 'Enum values must be unique.');
      else if (enumValues.some((value) => value.trim() === '')) problem('enumValues', 'Enum values must not be empty.');
    } else if (enumValues !== null) {
      problem('enumValues', 'Only ENUM fields take enum values.');
    }
    const unit = input.unit ?? null;
    if (unit !== null && type !== 'NUMBER') problem('unit', 'Only NUMBER fields take a unit.');
    if (problems.length > before) return;
    const field: SpecField = {
      key,
      label: input.label ?? null,
      type,
      required: input.required ?? false,
      pattern,
      min,
      max,
      enumValues,
      unit,
      default: input.default ?? null,
      description: input.description ?? null,
    };
    if (field.default !== null) {
      const checked = checkSpecValue(field, field.default);
      if (!checked.ok) {
        problem('default', `The default of "${key}" ${checked.message}.`);
        return;
      }
      fields.push({ ...field, default: checked.value });
      return;
    }
    fields.push(field);
  });
  return { fields, problems };
}

/**
 * Validates a model's spec against a specification version's fields: every
 * key must be defined, every value must fit its field, required fields must
 * have a value. Absent values take the field's default. Problems name the
 * key (paths below `spec`).
 */
export function validateSpec(fields: readonly SpecField[], spec: unknown): { spec: Record<string, unknown>; problems: SpecProblem[] } {
  if (spec === null || spec === undefined) spec = {};
  if (typeof spec !== 'object' || Array.isArray(spec)) {
    return { spec: {}, problems: [{ path: [], message: 'The spec must be a JSON object keyed by field key.' }] };
  }
  const given = spec as Record<string, unknown>;
  const problems: SpecProblem[] = [];
  const result: Record<string, unknown> = {};
  const byKey = new Map(fields.map((field) => [field.key, field]));
  for (const key of Object.keys(given)) {
    if (!byKey.has(key)) problems.push({ path: [key], message: `"${key}" is not a field of this specification (fields: ${[...byKey.keys()].join(', ') || 'none'}).` });
  }
  for (const field of fields) {
    const value = given[field.key] ?? field.default ?? null;
    if (value === null) {
      if (field.required) problems.push({ path: [field.key], message: `"${field.key}" is required.` });
      continue;
    }
    const checked = checkSpecValue(field, value);
    if (checked.ok) result[field.key] = checked.value;
    else problems.push({ path: [field.key], message: `"${field.key}" ${checked.message}.` });
  }
  return { spec: result, problems };
}
