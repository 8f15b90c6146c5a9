import { checkAttributeValue, type AttributeDefinition, type FieldType } from './attributes.ts';
import { compilePattern } from '@inventory/platform';

/** An attribute definition as a client submits it. */
export interface AttributeDefinitionInput {
  readonly key: string;
  readonly label: string;
  readonly fieldType: FieldType;
  readonly required?: boolean | null;
  readonly pattern?: string | null;
  readonly minLength?: number | null;
  readonly maxLength?: number | null;
  readonly minValue?: number | null;
  readonly maxValue?: number | null;
  readonly enumValues?: readonly string[] | null;
  readonly defaultValue?: unknown;
  readonly helpText?: string | null;
  readonly order?: number | null;
}

/** A definition ready to store: every option explicit. */
export interface NormalizedAttributeDefinition extends AttributeDefinition {
  readonly helpText: string | null;
  readonly order: number;
}

/** Why one definition was refused; `field` is the path below `input.attributes[index]`. */
export interface DefinitionProblem {
  readonly index: number;
  readonly field: string;
  readonly message: string;
}

const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Checks a version's attribute definitions before they are stored: keys
 * well-formed and unique, each option used only with the field type it
 * applies to, bounds ordered, ENUM values present and unique, patterns
 * checkable in linear time (see `compilePattern`), defaults valid. Returns the normalised definitions (order
 * defaulting to list position) or every problem found.
 */
export function validateAttributeDefinitions(
  inputs: readonly AttributeDefinitionInput[],
): { definitions: NormalizedAttributeDefinition[]; problems: DefinitionProblem[] } {
  const problems: DefinitionProblem[] = [];
  const seen = new Set<string>();
  const definitions = inputs.map((input, index) => {
    const problem = (field: string, message: string) => problems.push({ index, field, message });
    const only = (field: keyof AttributeDefinitionInput, types: readonly FieldType[]) => {
      const value = input[field];
      if (value !== null && value !== undefined && !types.includes(input.fieldType)) {
        problem(field, `"${field}" applies only to ${types.join(', ')} attributes.`);
      }
    };
    if (!KEY.test(input.key)) problem('key', `"${input.key}" is not a valid key: a letter, then letters, digits or underscores, at most 64.`);
    else if (seen.has(input.key)) problem('key', `"${input.key}" is defined twice.`);
    seen.add(input.key);
    if (input.label.trim() === '') problem('label', 'The label must not be blank.');
    only('pattern', ['STRING']);
    only('minLength', ['STRING']);
    only('maxLength', ['STRING']);
    only('minValue', ['NUMBER']);
    only('maxValue', ['NUMBER']);
    only('enumValues', ['ENUM']);
    for (const field of ['minLength', 'maxLength'] as const) {
      const value = input[field];
      if (value !== null && value !== undefined && (!Number.isInteger(value) || value < 0)) problem(field, `"${field}" must be a whole number, 0 or more.`);
    }
    if (input.minLength != null && input.maxLength != null && input.minLength > input.maxLength) problem('maxLength', '"maxLength" must not be below "minLength".');
    if (input.minValue != null && input.maxValue != null && input.minValue > input.maxValue) problem('maxValue', '"maxValue" must not be below "minValue".');
    if (input.pattern != null) {
      const compiled = compilePattern(input.pattern);
      if ('problem' in compiled) problem('pattern', compiled.problem);
    }
    if (input.fieldType === 'ENUM') {
      const values = input.enumValues ?? [];
      if (values.length === 0) problem('enumValues', 'An ENUM attribute needs at least one value.');
      else if (new Set(values).size !== values.length) problem('enumValues', 'Enum values must be unique.');
    }
    const definition: NormalizedAttributeDefinition = {
      key: input.key,
      label: input.label.trim(),
      fieldType: input.fieldType,
      required: input.required ?? false,
      pattern: input.pattern ?? null,
      minLength: input.minLength ?? null,
      maxLength: input.maxLength ?? null,
      minValue: input.minValue ?? null,
      maxValue: input.maxValue ?? null,
      enumValues: input.enumValues ?? null,
      defaultValue: input.defaultValue ?? null,
      helpText: input.helpText ?? null,
      order: input.order ?? index,
    };
    return definition;
  });
  // Defaults are checked once the definition itself is sound, so a bad pattern is not reported twice.
  definitions.forEach((definition, index) => {
    if (definition.defaultValue === null || problems.some((problem) => problem.index === index)) return;
    const checked = checkAttributeValue(definition, definition.defaultValue);
    if ('problem' in checked) problems.push({ index, field: 'defaultValue', message: `The default ${checked.problem}.` });
    else definitions[index] = { ...definition, defaultValue: checked.value };
  });
  return { definitions: problems.length === 0 ? definitions : [], problems };
}
