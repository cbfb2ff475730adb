import type { Product } from '../domain/product';
import { compareScalars } from './compare';
import { fieldValue } from './field-value';
import type { Filter, ScalarValue } from './types';

function includesValue(values: readonly ScalarValue[], value: ScalarValue): boolean {
  return values.some((candidate) => compareScalars(candidate, value) === 0);
}

/**
 * Whether a product satisfies one filter. An absent value (e.g. no `description`):
 * - never equals anything: `eq` and `in` do not match it, `neq` and `not_in` do;
 * - never compares: `gt`/`gte`/`lt`/`lte` and the string operators do not match it;
 * - is null: `is_null` matches it, `is_not_null` does not (an empty string is present).
 * Values compare by type: datetimes as instants (whatever their offsets), strings by code point,
 * string operators case-sensitively.
 */
export function matchesFilter(product: Product, filter: Filter): boolean {
  const value = fieldValue(product, filter.field);
  switch (filter.op) {
    case 'is_null':
      return value === undefined;
    case 'is_not_null':
      return value !== undefined;
    case 'eq':
      return value !== undefined && compareScalars(value, filter.value) === 0;
    case 'neq':
      return value === undefined || compareScalars(value, filter.value) !== 0;
    case 'in':
      return value !== undefined && includesValue(filter.values, value);
    case 'not_in':
      return value === undefined || !includesValue(filter.values, value);
    case 'gt':
      return value !== undefined && compareScalars(value, filter.value) > 0;
    case 'gte':
      return value !== undefined && compareScalars(value, filter.value) >= 0;
    case 'lt':
      return value !== undefined && compareScalars(value, filter.value) < 0;
    case 'lte':
      return value !== undefined && compareScalars(value, filter.value) <= 0;
    case 'contains':
      return typeof value === 'string' && value.includes(filter.value);
    case 'starts_with':
      return typeof value === 'string' && value.startsWith(filter.value);
    case 'ends_with':
      return typeof value === 'string' && value.endsWith(filter.value);
  }
}

/** Whether a product satisfies every filter (an empty list matches everything). */
export function matchesAll(product: Product, filters: readonly Filter[]): boolean {
  for (const filter of filters) {
    if (!matchesFilter(product, filter)) return false;
  }
  return true;
}
