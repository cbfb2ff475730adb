import type { FieldType } from '../domain/product';

/** Every filter operator, as written after `__` in a query parameter (`price__gte`). */
export const FILTER_OPERATORS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'not_in',
  'contains',
  'starts_with',
  'ends_with',
  'is_null',
  'is_not_null',
] as const;

/** A filter operator. */
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

const OPERATOR_SET: ReadonlySet<string> = new Set(FILTER_OPERATORS);

/** Field types on which the ordering operators (`gt`, `gte`, `lt`, `lte`) apply. */
const ORDERED_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(['number', 'integer', 'datetime', 'string']);

/** True when `name` is one of {@link FILTER_OPERATORS}. */
export function isFilterOperator(name: string): name is FilterOperator {
  return OPERATOR_SET.has(name);
}

/**
 * Whether an operator applies to a field type; `undefined` when it does, otherwise a phrase that
 * says where it applies (for an error message):
 * - `contains`, `starts_with`, `ends_with`: string fields only (not uuid, not numbers);
 * - `gt`, `gte`, `lt`, `lte`: number, integer, datetime and string fields (not boolean, not uuid);
 * - `eq`, `neq`, `in`, `not_in`, `is_null`, `is_not_null`: every field.
 */
export function operatorRestriction(op: FilterOperator, type: FieldType): string | undefined {
  switch (op) {
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return type === 'string' ? undefined : 'string fields only';
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return ORDERED_TYPES.has(type) ? undefined : 'number, integer, datetime and string fields only';
    default:
      return undefined;
  }
}
