import { PRODUCT_FIELDS, type FieldType } from '../../src/domain/product';
import { FILTER_OPERATORS, type FilterOperator } from '../../src/query/operators';
import { parseListQuery } from '../../src/query/parse-query';
import type { Filter, ProductField } from '../../src/query/types';
import { issuesOf } from './fixtures';
import { FIELDS, INVALID_COMBOS, VALID_COMBOS } from './operator-matrix';

const EIGHT_UTC = { epochSeconds: Date.parse('2024-01-01T08:00:00Z') / 1000, nanos: 0 };
const NINE_UTC = { epochSeconds: Date.parse('2024-01-01T09:00:00Z') / 1000, nanos: 0 };

/** A sample raw value per type, its typed value and its cacheFilters form. */
const SAMPLES: Record<FieldType, { raw: string; value: unknown; cache: unknown; list: string; values: unknown[]; cacheList: unknown[] }> = {
  uuid: { raw: 'AB-12', value: 'AB-12', cache: 'AB-12', list: 'b,a,b', values: ['a', 'b'], cacheList: ['a', 'b'] },
  string: { raw: 'Lamp', value: 'Lamp', cache: 'Lamp', list: 'b,a,,a', values: ['', 'a', 'b'], cacheList: ['', 'a', 'b'] },
  number: { raw: '10.50', value: 10.5, cache: 10.5, list: '100,9,10,10.0', values: [9, 10, 100], cacheList: [9, 10, 100] },
  integer: { raw: '3', value: 3, cache: 3, list: '3,1,2.0', values: [1, 2, 3], cacheList: [1, 2, 3] },
  boolean: { raw: 'false', value: false, cache: false, list: 'true,false,true', values: [false, true], cacheList: [false, true] },
  datetime: {
    raw: '2024-01-01T10:00:00+02:00',
    value: EIGHT_UTC,
    cache: '2024-01-01T08:00:00.000Z',
    list: '2024-01-01T09:00:00Z,2024-01-01T10:00:00+02:00,2024-01-01T08:00:00Z',
    values: [EIGHT_UTC, NINE_UTC],
    cacheList: ['2024-01-01T08:00:00.000Z', '2024-01-01T09:00:00.000Z'],
  },
};

function rawValue(type: FieldType, op: FilterOperator): string {
  if (op === 'is_null' || op === 'is_not_null') return 'true';
  if (op === 'in' || op === 'not_in') return SAMPLES[type].list;
  if (op === 'contains' || op === 'starts_with' || op === 'ends_with') return 'am';
  return SAMPLES[type].raw;
}

function expectedFilter(field: ProductField, op: FilterOperator): { filter: Filter; cache: unknown } {
  const type = PRODUCT_FIELDS[field].type;
  const key = op === 'eq' ? field : `${field}__${op}`;
  switch (op) {
    case 'is_null':
    case 'is_not_null':
      return { filter: { field, key, op }, cache: true };
    case 'in':
    case 'not_in':
      return { filter: { field, key, op, values: SAMPLES[type].values } as Filter, cache: SAMPLES[type].cacheList };
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return { filter: { field, key, op, value: 'am' }, cache: 'am' };
    default:
      return { filter: { field, key, op, value: SAMPLES[type].value } as Filter, cache: SAMPLES[type].cache };
  }
}

describe('parseListQuery: every valid operator x type', () => {
  it('covers the whole matrix', () => {
    expect(VALID_COMBOS.length + INVALID_COMBOS.length).toBe(FIELDS.length * FILTER_OPERATORS.length);
    expect(INVALID_COMBOS.length).toBeGreaterThan(0);
  });

  it.each(VALID_COMBOS)('$field__$op ($type)', ({ field, op, type }) => {
    const parsed = parseListQuery({ [`${field}__${op}`]: rawValue(type, op) });
    const expected = expectedFilter(field, op);
    expect(parsed.filters).toEqual([expected.filter]);
    expect(parsed.cacheFilters).toEqual({ [expected.filter.key]: expected.cache });
  });

  it.each(FIELDS)('bare %s=value is eq', (field) => {
    const type = PRODUCT_FIELDS[field].type;
    const bare = parseListQuery({ [field]: SAMPLES[type].raw });
    expect(bare.filters).toEqual([expectedFilter(field, 'eq').filter]);
    expect(bare).toEqual(parseListQuery({ [`${field}__eq`]: SAMPLES[type].raw }));
  });
});

describe('parseListQuery: reserved parameters', () => {
  it('has defaults', () => {
    expect(parseListQuery({})).toEqual({
      filters: [],
      sortBy: 'created_at',
      sortOrder: 'asc',
      page: 1,
      pageSize: 20,
      cacheFilters: {},
    });
  });

  it('reads valid values', () => {
    const parsed = parseListQuery({ sort_by: 'price', sort_order: 'desc', page: '3', page_size: '100' });
    expect(parsed).toMatchObject({ sortBy: 'price', sortOrder: 'desc', page: 3, pageSize: 100 });
  });

  it.each(FIELDS)('sort_by=%s is accepted', (field) => {
    expect(parseListQuery({ sort_by: field }).sortBy).toBe(field);
  });

  it.each([
    ['page', '1', 1],
    ['page', '2', 2],
    ['page', '1000000', 1000000],
    ['page', '2.0', 2],
    ['page_size', '1', 1],
    ['page_size', '100', 100],
    ['page_size', '50', 50],
  ])('%s=%j is %p', (param, raw, expected) => {
    const parsed = parseListQuery({ [param]: raw });
    expect(param === 'page' ? parsed.page : parsed.pageSize).toBe(expected);
  });

  it.each([
    ['page', '0'],
    ['page', '-1'],
    ['page', '1.5'],
    ['page', 'x'],
    ['page', ''],
    ['page', '1e300'],
    ['page_size', '0'],
    ['page_size', '101'],
    ['page_size', '1.5'],
    ['page_size', 'x'],
    ['page_size', ''],
    ['page_size', '-20'],
    ['sort_order', 'ASC'],
    ['sort_order', 'descending'],
    ['sort_order', ''],
    ['sort_by', 'colour'],
    ['sort_by', ''],
    ['sort_by', 'price__gt'],
  ])('%s=%j is an issue (never clamped)', (param, raw) => {
    expect(issuesOf({ [param]: raw })).toEqual([{ param, message: expect.stringContaining(param) }]);
  });

  it('allowPaging: false ignores sort_by, sort_order, page and page_size, even invalid or repeated', () => {
    const parsed = parseListQuery(
      { category: 'lighting', sort_by: 'colour', sort_order: 'up', page: { n: '0' }, page_size: ['1', '500'] },
      { allowPaging: false },
    );
    expect(parsed).toEqual({
      filters: [{ field: 'category', key: 'category', op: 'eq', value: 'lighting' }],
      sortBy: 'created_at',
      sortOrder: 'asc',
      page: 1,
      pageSize: 20,
      cacheFilters: { category: 'lighting' },
    });
  });

  it('allowPaging: false still reports filter issues', () => {
    expect(issuesOf({ price__gt: 'x', page: '0' }, { allowPaging: false }).map((i) => i.param)).toEqual(['price__gt']);
  });
});
