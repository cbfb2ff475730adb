import { PRODUCT_FIELDS, type FieldType } from '../domain/product';
import { FILTER_OPERATORS, LIST_QUERY_DEFAULTS, MAX_PAGE_SIZE, RESERVED_PARAMS, filterKey, operatorRestriction, type FilterOperator } from '../query';
import type { ProductField } from '../query';
import { ref, type ParameterObject, type Reference, type SchemaObject } from './types';

/**
 * The query parameters of `GET /products` and `GET /products/count`, generated from the query
 * engine's own tables: every field of `PRODUCT_FIELDS` with every operator of `FILTER_OPERATORS`
 * that `operatorRestriction` allows on its type, plus the reserved paging parameters.
 */

const FIELD_NAMES = Object.keys(PRODUCT_FIELDS) as ProductField[];

/** How one value of a field type is written in a query string. */
const VALUE_SCHEMAS: Readonly<Record<FieldType, SchemaObject>> = {
  uuid: { type: 'string', format: 'uuid' },
  string: { type: 'string' },
  number: { type: 'number' },
  integer: { type: 'integer' },
  boolean: { type: 'boolean' },
  datetime: {
    type: 'string',
    description: 'ISO 8601 date-time with a timezone (Z or an offset), or a date alone (midnight UTC).',
    examples: ['2024-01-15T10:30:00Z', '2024-01-15'],
  },
};

/** What each operator tests, for the parameter descriptions. */
const OPERATOR_MEANINGS: Readonly<Record<FilterOperator, string>> = {
  eq: 'equals the value',
  neq: 'differs from the value (or is absent)',
  gt: 'is greater than the value',
  gte: 'is greater than or equal to the value',
  lt: 'is less than the value',
  lte: 'is less than or equal to the value',
  in: 'is one of the comma-separated values',
  not_in: 'is none of the comma-separated values (or is absent)',
  contains: 'contains the text (case-sensitive)',
  starts_with: 'starts with the text (case-sensitive)',
  ends_with: 'ends with the text (case-sensitive)',
  is_null: 'is absent (value: true)',
  is_not_null: 'is present (value: true)',
};

/** A filter of the engine: field, operator and its parameter name (`field` for eq shorthand). */
export interface FilterParameterSpec {
  readonly name: string;
  readonly field: ProductField;
  readonly op: FilterOperator;
}

/** Every filter parameter the engine accepts: `field` (eq) and `field__op` for each allowed op. */
export function filterParameterSpecs(): FilterParameterSpec[] {
  const specs: FilterParameterSpec[] = [];
  for (const field of FIELD_NAMES) {
    const type = PRODUCT_FIELDS[field].type;
    specs.push({ name: filterKey(field, 'eq'), field, op: 'eq' });
    for (const op of FILTER_OPERATORS) {
      if (operatorRestriction(op, type) === undefined) specs.push({ name: `${field}__${op}`, field, op });
    }
  }
  return specs;
}

/** The component name of a filter parameter. */
export const filterComponentName = (name: string): string => `filter.${name}`;

function filterParameter({ name, field, op }: FilterParameterSpec): ParameterObject {
  const type = PRODUCT_FIELDS[field].type;
  const value = VALUE_SCHEMAS[type];
  const shorthand = name === field ? ` (same as \`${field}__eq\`; give only one of them)` : '';
  const description = `\`${field}\` (${type}) ${OPERATOR_MEANINGS[op]}${shorthand}.`;
  switch (op) {
    case 'in':
    case 'not_in':
      return { name, in: 'query', description, style: 'form', explode: false, schema: { type: 'array', items: value, minItems: 1 } };
    case 'is_null':
    case 'is_not_null':
      return { name, in: 'query', description, schema: { type: 'boolean', enum: [true] } };
    default:
      return { name, in: 'query', description, schema: value };
  }
}

/** The reserved parameters of `GET /products` (sorting and paging). */
function pagingParameters(): Record<string, ParameterObject> {
  const parameters: Record<string, ParameterObject> = {
    sort_by: {
      name: 'sort_by',
      in: 'query',
      description: 'Field to sort by; missing values sort last in both orders, ties are broken by `id` ascending.',
      schema: { type: 'string', enum: FIELD_NAMES, default: LIST_QUERY_DEFAULTS.sortBy },
    },
    sort_order: {
      name: 'sort_order',
      in: 'query',
      description: 'Sort direction.',
      schema: { type: 'string', enum: ['asc', 'desc'], default: LIST_QUERY_DEFAULTS.sortOrder },
    },
    page: {
      name: 'page',
      in: 'query',
      description: '1-based page number; a page past the end has no items (out of range is a 400, never clamped).',
      schema: { type: 'integer', minimum: 1, default: LIST_QUERY_DEFAULTS.page },
    },
    page_size: {
      name: 'page_size',
      in: 'query',
      description: `Items per page, 1 to ${MAX_PAGE_SIZE} (out of range is a 400, never clamped).`,
      schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: LIST_QUERY_DEFAULTS.pageSize },
    },
  };
  const missing = RESERVED_PARAMS.filter((name) => !(name in parameters));
  if (missing.length > 0) throw new Error(`undocumented reserved query parameters: ${missing.join(', ')}`);
  return parameters;
}

/** `components.parameters`: the paging parameters and one component per filter parameter. */
export function queryParameterComponents(): Record<string, ParameterObject> {
  const components: Record<string, ParameterObject> = { ...pagingParameters() };
  for (const spec of filterParameterSpecs()) components[filterComponentName(spec.name)] = filterParameter(spec);
  return components;
}

/** References to the parameters of `GET /products` (paging: true) or `GET /products/count`. */
export function listParameterRefs(options: { paging: boolean }): Reference[] {
  const paging = options.paging ? RESERVED_PARAMS.map((name) => ref('parameters', name)) : [];
  return [...paging, ...filterParameterSpecs().map((spec) => ref('parameters', filterComponentName(spec.name)))];
}

/** A Markdown table of which operators apply to which fields, for the operation descriptions. */
export function filterOperatorTable(): string {
  const rows = FIELD_NAMES.map((field) => {
    const type = PRODUCT_FIELDS[field].type;
    const ops = FILTER_OPERATORS.filter((op) => operatorRestriction(op, type) === undefined);
    return `| \`${field}\` | ${type} | ${ops.map((op) => `\`${op}\``).join(', ')} |`;
  });
  return ['| field | type | operators (`field__op`) |', '|---|---|---|', ...rows].join('\n');
}

/** The description shared by the two list operations. */
export function filterDescription(): string {
  return [
    'Filters: `field=value` (equality) or `field__op=value`; several filters all apply (AND). Values are typed by the field: ' +
      'numbers compare as numbers, booleans are `true`/`false`, datetimes (with a timezone) compare as instants. ' +
      '`in`/`not_in` take comma-separated values; `is_null`/`is_not_null` take `true`. ' +
      'An unknown field or operator, an operator that does not apply to the field, or a bad value is a 400 `invalid_query` naming it.',
    '',
    filterOperatorTable(),
  ].join('\n');
}
