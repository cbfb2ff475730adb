import { parseListQuery, type RawQuery } from '../../src/query/parse-query';

const cacheFilters = (query: RawQuery) => parseListQuery(query).cacheFilters;

describe('cacheFilters', () => {
  it('is typed and keyed field for eq, field__op otherwise', () => {
    expect(cacheFilters({ category: 'lighting', price__gt: '10', is_active: 'true' })).toEqual({
      category: 'lighting',
      price__gt: 10,
      is_active: true,
    });
    expect(
      cacheFilters({
        stock__in: '3,1',
        created_at__gte: '2024-01-01T10:00:00+02:00',
        description__is_null: 'true',
        name__contains: 'Lamp',
        id__neq: 'x',
      }),
    ).toEqual({
      stock__in: [1, 3],
      created_at__gte: '2024-01-01T08:00:00.000Z',
      description__is_null: true,
      name__contains: 'Lamp',
      id__neq: 'x',
    });
  });

  it('has its keys in sorted order, and filters in the same order', () => {
    const parsed = parseListQuery({ price__gt: '1', category: 'a', is_active: 'true', name__contains: 'x' });
    expect(Object.keys(parsed.cacheFilters)).toEqual(['category', 'is_active', 'name__contains', 'price__gt']);
    expect(parsed.filters.map((f) => f.key)).toEqual(Object.keys(parsed.cacheFilters));
  });

  it('holds only JSON values', () => {
    const filters = cacheFilters({ created_at: '2024-01-01', price__in: '1,2', is_active: 'false', name: '' });
    expect(JSON.parse(JSON.stringify(filters))).toEqual(filters);
  });

  it('is empty without filters, and ignores paging and sorting', () => {
    expect(cacheFilters({})).toEqual({});
    expect(cacheFilters({ page: '2', page_size: '5', sort_by: 'price', sort_order: 'desc' })).toEqual({});
  });

  it.each<[string, RawQuery, RawQuery]>([
    ['number spelling', { price__gt: '10' }, { price__gt: '10.0' }],
    ['number exponent', { price__gt: '1000' }, { price__gt: '1e3' }],
    ['negative zero', { price: '0' }, { price: '-0' }],
    ['integer spelling', { stock: '5' }, { stock: '5.00' }],
    ['parameter order', { category: 'a', price__lt: '5', is_active: 'true' }, { is_active: 'true', price__lt: '5', category: 'a' }],
    ['eq spelled out', { category: 'a' }, { category__eq: 'a' }],
    ['datetime offsets', { created_at__gt: '2024-01-01T10:00:00+02:00' }, { created_at__gt: '2024-01-01T08:00:00Z' }],
    ['datetime precision', { created_at__gt: '2024-01-01T08:00:00Z' }, { created_at__gt: '2024-01-01T08:00:00.000000Z' }],
    ['datetime date only', { created_at__gt: '2024-01-01' }, { created_at__gt: '2024-01-01T00:00:00+00:00' }],
    ['in order and duplicates', { category__in: 'b,a,b' }, { category__in: 'a,b' }],
    ['numeric in spelling', { price__in: '10,9' }, { price__in: '9.0,10,10.0' }],
    ['datetime in', { updated_at__in: '2024-01-01T10:00:00+02:00' }, { updated_at__in: '2024-01-01T08:00:00Z,2024-01-01T08:00:00.000Z' }],
  ])('equal for %s', (_, a, b) => {
    expect(cacheFilters(a)).toEqual(cacheFilters(b));
    expect(JSON.stringify(cacheFilters(a))).toBe(JSON.stringify(cacheFilters(b)));
  });

  it.each<[string, RawQuery, RawQuery]>([
    ['different values', { price__gt: '10' }, { price__gt: '10.5' }],
    ['different operators', { price__gt: '10' }, { price__gte: '10' }],
    ['case', { category: 'a' }, { category: 'A' }],
    ['string vs number text', { name: '10' }, { name: '10.0' }],
    ['empty string vs null', { description: '' }, { description__is_null: 'true' }],
    ['eq vs in', { category: 'a' }, { category__in: 'a' }],
    ['sub-millisecond instants', { created_at: '2024-01-01T08:00:00.000001Z' }, { created_at: '2024-01-01T08:00:00Z' }],
  ])('different for %s', (_, a, b) => {
    expect(cacheFilters(a)).not.toEqual(cacheFilters(b));
  });

  it('keeps string values as given (no trimming, no number parsing)', () => {
    expect(cacheFilters({ name: ' 10.0 ' })).toEqual({ name: ' 10.0 ' });
  });

  it('writes sub-millisecond instants with their precision', () => {
    expect(cacheFilters({ created_at: '2024-01-15T10:30:00.123456+00:00' })).toEqual({ created_at: '2024-01-15T10:30:00.123456Z' });
  });
});
