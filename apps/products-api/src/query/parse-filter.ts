import { PRODUCT_FIELDS } from '../domain/product';
import { compareScalars } from './compare';
import { parseScalar, toCacheScalar } from './filter-value';
import { FILTER_OPERATORS, isFilterOperator, operatorRestriction, type FilterOperator } from './operators';
import type { CacheFilterValue, Filter, ParseResult, ProductField, ScalarValue } from './types';

/** A parsed filter parameter with its canonical entry for `cacheFilters`. */
export interface ParsedFilter {
  readonly filter: Filter;
  readonly cacheValue: CacheFilterValue;
}

const FIELD_NAMES = Object.keys(PRODUCT_FIELDS) as ProductField[];

/** True when `name` is a product field. */
export function isProductField(name: string): name is ProductField {
  return Object.prototype.hasOwnProperty.call(PRODUCT_FIELDS, name);
}

/** The canonical name of a filter: `field` for `eq`, `field__op` otherwise. */
export function filterKey(field: ProductField, op: FilterOperator): string {
  return op === 'eq' ? field : `${field}__${op}`;
}

/** Splits `field` or `field__op` into its field and operator, or explains why it is neither. */
function splitParam(param: string): ParseResult<{ field: ProductField; op: FilterOperator }> {
  if (isProductField(param)) return { ok: true, value: { field: param, op: 'eq' } };
  const separator = param.indexOf('__');
  const field = separator < 0 ? param : param.slice(0, separator);
  if (!isProductField(field)) {
    return { ok: false, message: `unknown field ${JSON.stringify(field)}; filterable fields are ${FIELD_NAMES.join(', ')}` };
  }
  const op = param.slice(separator + 2);
  if (!isFilterOperator(op)) {
    return { ok: false, message: `unknown operator ${JSON.stringify(op)} on ${field}; operators are ${FILTER_OPERATORS.join(', ')}` };
  }
  return { ok: true, value: { field, op } };
}

/** Parses a comma-separated list (`in`, `not_in`): every element typed, then sorted without duplicates. */
function parseList(field: ProductField, raw: string): ParseResult<ScalarValue[]> {
  const type = PRODUCT_FIELDS[field].type;
  const values: ScalarValue[] = [];
  const problems: string[] = [];
  for (const element of raw.split(',')) {
    const parsed = parseScalar(type, element);
    if (parsed.ok) values.push(parsed.value);
    else problems.push(parsed.message);
  }
  if (problems.length > 0) return { ok: false, message: `values of ${field} (${type}): ${problems.join('; ')}` };
  values.sort(compareScalars);
  return { ok: true, value: values.filter((value, i) => i === 0 || compareScalars(values[i - 1], value) !== 0) };
}

/**
 * Parses one filter parameter (`field=value` or `field__op=value`) as Express's simple query
 * parser delivers it. Fails, with a message naming the field, on an unknown field or operator, a
 * repeated parameter (an array), an operator that does not apply to the field's type, a value
 * that does not parse for the field's type, or an `is_null`/`is_not_null` value other than `true`.
 */
export function parseFilterParam(param: string, raw: string | readonly string[]): ParseResult<ParsedFilter> {
  const split = splitParam(param);
  if (!split.ok) return split;
  const { field, op } = split.value;
  const key = filterKey(field, op);
  if (typeof raw !== 'string') {
    return { ok: false, message: `filter on ${field} given ${raw.length} times; give it once (use ${field}__in for several values)` };
  }
  const type = PRODUCT_FIELDS[field].type;
  const restriction = operatorRestriction(op, type);
  if (restriction !== undefined) {
    return { ok: false, message: `operator ${op} does not apply to ${field} (a ${type} field); it applies to ${restriction}` };
  }

  switch (op) {
    case 'is_null':
    case 'is_not_null':
      if (raw !== 'true') return { ok: false, message: `${op} on ${field} takes the value true, got ${JSON.stringify(raw)}` };
      return { ok: true, value: { filter: { field, key, op }, cacheValue: true } };
    case 'in':
    case 'not_in': {
      const list = parseList(field, raw);
      if (!list.ok) return list;
      return { ok: true, value: { filter: { field, key, op, values: list.value }, cacheValue: list.value.map(toCacheScalar) } };
    }
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return { ok: true, value: { filter: { field, key, op, value: raw }, cacheValue: raw } };
    default: {
      const parsed = parseScalar(type, raw);
      if (!parsed.ok) return { ok: false, message: `${field} (${type}) ${parsed.message}` };
      return { ok: true, value: { filter: { field, key, op, value: parsed.value }, cacheValue: toCacheScalar(parsed.value) } };
    }
  }
}
