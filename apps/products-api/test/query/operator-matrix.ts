import { PRODUCT_FIELDS, type FieldType } from '../../src/domain/product';
import { FILTER_OPERATORS, type FilterOperator } from '../../src/query/operators';
import type { ProductField } from '../../src/query/types';

/** Every product field. */
export const FIELDS = Object.keys(PRODUCT_FIELDS) as ProductField[];

/** The operators valid on each field type, written out independently of the implementation. */
export const VALID_OPS: Record<FieldType, readonly FilterOperator[]> = {
  uuid: ['eq', 'neq', 'in', 'not_in', 'is_null', 'is_not_null'],
  string: FILTER_OPERATORS,
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'is_null', 'is_not_null'],
  integer: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'is_null', 'is_not_null'],
  datetime: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'is_null', 'is_not_null'],
  boolean: ['eq', 'neq', 'in', 'not_in', 'is_null', 'is_not_null'],
};

/** One field x operator pair with the field's type. */
export interface Combo {
  readonly field: ProductField;
  readonly op: FilterOperator;
  readonly type: FieldType;
}

const ALL: Combo[] = FIELDS.flatMap((field) => FILTER_OPERATORS.map((op) => ({ field, op, type: PRODUCT_FIELDS[field].type })));

/** Every pair the parser must accept. */
export const VALID_COMBOS: Combo[] = ALL.filter(({ type, op }) => VALID_OPS[type].includes(op));

/** Every pair the parser must refuse. */
export const INVALID_COMBOS: Combo[] = ALL.filter(({ type, op }) => !VALID_OPS[type].includes(op));
