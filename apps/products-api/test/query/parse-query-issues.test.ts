import { QueryValidationError } from '../../src/query/errors';
import { parseListQuery } from '../../src/query/parse-query';
import { issuesOf } from './fixtures';
import { INVALID_COMBOS } from './operator-matrix';

describe('parseListQuery: operators that do not apply to the type', () => {
  it.each(INVALID_COMBOS)('$field__$op ($type) is an issue naming the parameter and field', ({ field, op }) => {
    const param = `${field}__${op}`;
    const issues = issuesOf({ [param]: 'true' });
    expect(issues).toHaveLength(1);
    expect(issues[0].param).toBe(param);
    expect(issues[0].message).toContain(field);
    expect(issues[0].message).toContain(op);
    expect(issues[0].message).toContain('does not apply');
  });

  it('price__contains says string operators apply to string fields only', () => {
    expect(issuesOf({ price__contains: '1' })).toEqual([
      { param: 'price__contains', message: expect.stringContaining('string fields only') },
    ]);
  });
});

describe('parseListQuery: invalid values', () => {
  it.each([
    ['price', ''],
    ['price', '10abc'],
    ['price', 'abc'],
    ['price__gt', 'Infinity'],
    ['price__lte', 'NaN'],
    ['price__gte', ' 10'],
    ['stock', '1.5'],
    ['stock__gt', 'x'],
    ['stock__lt', ''],
    ['is_active', 'TRUE'],
    ['is_active', '1'],
    ['is_active', ''],
    ['is_active__neq', 'yes'],
    ['created_at', 'yesterday'],
    ['created_at__gt', '2024-01-01T10:00:00'],
    ['updated_at__lte', '2024-02-30'],
    ['created_at__gte', ''],
    ['price__in', '1,x,3'],
    ['price__in', ''],
    ['price__not_in', '1,,2'],
    ['stock__in', '1,2.5'],
    ['is_active__in', 'true,maybe'],
    ['created_at__not_in', '2024-01-01,tomorrow'],
    ['description__is_null', 'false'],
    ['description__is_null', ''],
    ['name__is_not_null', 'True'],
    ['id__is_null', '1'],
  ])('%s=%j is an issue naming the parameter and the field', (param, raw) => {
    const issues = issuesOf({ [param]: raw });
    expect(issues).toHaveLength(1);
    expect(issues[0].param).toBe(param);
    expect(issues[0].message).toContain(param.split('__')[0]);
  });

  it('lists every bad value of an in list', () => {
    const [issue] = issuesOf({ price__in: 'a,1,b' });
    expect(issue.message).toContain('"a"');
    expect(issue.message).toContain('"b"');
  });
});

describe('parseListQuery: unknown parameters', () => {
  it.each([
    ['colour', 'unknown field "colour"'],
    ['colour__eq', 'unknown field "colour"'],
    ['Price', 'unknown field "Price"'],
    ['__gt', 'unknown field ""'],
    ['price__like', 'unknown operator "like"'],
    ['price__GT', 'unknown operator "GT"'],
    ['price__', 'unknown operator ""'],
    ['price__gt__lt', 'unknown operator "gt__lt"'],
    ['price_gt', 'unknown field "price_gt"'],
    ['_', 'unknown field "_"'],
    ['constructor', 'unknown field "constructor"'],
    ['__proto__', 'unknown field ""'],
  ])('%s', (param, message) => {
    expect(issuesOf({ [param]: '1' })).toEqual([{ param, message: expect.stringContaining(message) }]);
  });
});

describe('parseListQuery: repeated and odd values', () => {
  it('a repeated filter parameter is an issue', () => {
    expect(issuesOf({ category: ['a', 'b'] })).toEqual([{ param: 'category', message: expect.stringContaining('category__in') }]);
    expect(issuesOf({ price__gt: ['1', '2'] })).toEqual([{ param: 'price__gt', message: expect.stringContaining('2 times') }]);
  });

  it('a repeated reserved parameter is an issue', () => {
    expect(issuesOf({ page: ['1', '2'] })).toEqual([{ param: 'page', message: expect.stringContaining('2 times') }]);
    expect(issuesOf({ sort_by: ['price', 'name'] })).toEqual([{ param: 'sort_by', message: expect.any(String) }]);
  });

  it('field and field__eq together are an issue (they are the same filter)', () => {
    expect(issuesOf({ price: '10', price__eq: '10' })).toEqual([{ param: 'price__eq', message: expect.stringContaining('price') }]);
  });

  it('a nested value (extended query parser) is an issue', () => {
    expect(issuesOf({ price: { gt: '10' } })).toEqual([{ param: 'price', message: expect.stringContaining('plain value') }]);
    expect(issuesOf({ page: [{ a: '1' }] })).toEqual([{ param: 'page', message: expect.stringContaining('plain value') }]);
  });

  it('undefined values are skipped', () => {
    expect(parseListQuery({ price: undefined, page: undefined }).filters).toEqual([]);
  });

  it('several filters on one field all apply', () => {
    const parsed = parseListQuery({ price__lt: '20', price__gt: '10', price__neq: '15' });
    expect(parsed.filters.map((f) => f.key)).toEqual(['price__gt', 'price__lt', 'price__neq']);
  });
});

describe('parseListQuery: every problem is collected', () => {
  function errorOf(run: () => unknown): unknown {
    try {
      run();
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it('reports one issue per invalid parameter, in query order, and nothing for valid ones', () => {
    const error = errorOf(() =>
      parseListQuery({
        colour: 'red',
        price__gt: 'cheap',
        category: 'lighting',
        price__contains: '1',
        is_active: 'yes',
        page: '0',
        page_size: '101',
        sort_by: 'colour',
        sort_order: 'up',
        stock: ['1', '2'],
      }),
    );
    expect(error).toBeInstanceOf(QueryValidationError);
    expect(error).toBeInstanceOf(Error);
    const typed = error as QueryValidationError;
    expect(typed.name).toBe('QueryValidationError');
    expect(typed.status).toBe(400);
    expect(typed.issues.map((i) => i.param)).toEqual([
      'colour',
      'price__gt',
      'price__contains',
      'is_active',
      'page',
      'page_size',
      'sort_by',
      'sort_order',
      'stock',
    ]);
    for (const issue of typed.issues) expect(typed.message).toContain(`${issue.param}: ${issue.message}`);
  });

  it('issues are frozen plain objects', () => {
    const error = errorOf(() => parseListQuery({ page: '0' })) as QueryValidationError;
    expect(Object.isFrozen(error.issues)).toBe(true);
    expect(JSON.parse(JSON.stringify(error.issues))).toEqual([{ param: 'page', message: expect.any(String) }]);
  });
});
