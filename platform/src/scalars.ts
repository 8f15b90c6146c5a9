import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function invalid(type: string, detail: string): GraphQLError {
  return new GraphQLError(`${type} ${detail}`, { extensions: { code: 'BAD_USER_INPUT' } });
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d{1,14}(\.\d{1,6})?$/;

/** Whether a string starting `YYYY-MM-DD` names a real calendar day (Date.parse rolls 02-30 over to March). */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || !isCalendarDate(value) || Number.isNaN(Date.parse(value))) {
    throw invalid('DateTime', 'must be an ISO 8601 date-time with an offset, e.g. 2026-03-01T09:30:00Z');
  }
  return new Date(value);
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !ISO_DATE.test(value) || !isCalendarDate(value)) {
    throw invalid('Date', 'must be a date in the form YYYY-MM-DD');
  }
  return value;
}

function parseDecimal(value: unknown): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string' || !DECIMAL.test(value.trim())) {
    throw invalid('Decimal', 'must be a decimal string such as "12.5" (at most 14 integer and 6 fraction digits)');
  }
  return normalizeDecimal(value.trim());
}

/** An instant as an ISO 8601 string with offset; outputs are always UTC (`Z`). */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in ISO 8601 with a time-zone offset, e.g. `2026-03-01T09:30:00Z`. Outputs are in UTC.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw invalid('DateTime', 'cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral(ast: ValueNode): Date {
    if (ast.kind !== Kind.STRING) throw invalid('DateTime', 'must be a string');
    return parseDateTime(ast.value);
  },
});

/** A calendar date `YYYY-MM-DD`, carried as that string end to end. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date in ISO 8601, e.g. `2026-03-01`.',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string' && ISO_DATE.test(value)) return value;
    throw invalid('Date', 'cannot represent this value');
  },
  parseValue: parseDate,
  parseLiteral(ast): string {
    if (ast.kind !== Kind.STRING) throw invalid('Date', 'must be a string');
    return parseDate(ast.value);
  },
});

/**
 * An exact decimal carried as a string so no precision is lost in JSON.
 * Inputs also accept JSON numbers that are integers (a convenience for
 * quantities); fractional numbers must be strings.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description:
    'An exact decimal number as a string, e.g. `"12.5"`: up to 14 digits before the point and 6 after. Integer JSON numbers are accepted as input.',
  serialize(value) {
    if (typeof value === 'string' || typeof value === 'number') return normalizeDecimal(String(value));
    throw invalid('Decimal', 'cannot represent this value');
  },
  parseValue: parseDecimal,
  parseLiteral(ast): string {
    if (ast.kind === Kind.INT) return parseDecimal(Number(ast.value));
    if (ast.kind !== Kind.STRING) throw invalid('Decimal', 'must be a string');
    return parseDecimal(ast.value);
  },
});

/** Strips insignificant trailing zeros: `"5.000"` becomes `"5"`, `"2.50"` becomes `"2.5"`. */
export function normalizeDecimal(text: string): string {
  if (!text.includes('.')) return text === '-0' ? '0' : text;
  const trimmed = text.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

/** Arbitrary JSON (objects, arrays, scalars). */
export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral(ast, variables) {
    return literalToJson(ast, variables ?? undefined);
  },
});

function literalToJson(ast: ValueNode, variables: Record<string, unknown> | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((item) => literalToJson(item, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, literalToJson(field.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw invalid('JSON', 'cannot represent this literal');
  }
}

/** The scalar resolvers every subgraph registers. */
export const scalarResolvers = {
  DateTime: DateTimeScalar,
  Date: DateScalar,
  Decimal: DecimalScalar,
  JSON: JSONScalar,
} as const;
