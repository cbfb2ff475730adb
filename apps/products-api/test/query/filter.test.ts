import type { Product } from '../../src/domain/product';
import { countMatching } from '../../src/query/apply-query';
import { matchesFilter } from '../../src/query/match-filter';
import { parseListQuery, type RawQuery } from '../../src/query/parse-query';
import { product } from './fixtures';

/** Products 1..6 with distinct, hand-picked values (n is the id suffix). */
const PRODUCTS: Product[] = [
  product(1, { name: 'Desk Lamp', price: 9, stock: 0, category: 'lighting', description: 'Warm light', is_active: true }),
  product(2, { name: 'desk lamp mini', price: 10, stock: 5, category: 'lighting', description: '', is_active: false }),
  product(3, { name: 'Floor Lamp', price: 100, stock: 12, category: 'lighting', description: undefined, is_active: true }),
  product(4, { name: 'Chair', price: 10.5, stock: 3, category: 'furniture', description: 'Oak chair', is_active: true }),
  product(5, { name: 'Ápple', price: 0, stock: 7, category: 'Furniture', description: undefined, is_active: false }),
  product(6, { name: 'Zebra 😀', price: 1e6, stock: 1, category: 'décor', description: 'LAMP shade', is_active: true }),
];

/** The numbers (id suffixes) of the products a query's filters match. */
function matching(query: RawQuery, products: Product[] = PRODUCTS): number[] {
  const { filters } = parseListQuery(query);
  expect(countMatching(products, filters)).toBe(products.filter((p) => filters.every((f) => matchesFilter(p, f))).length);
  return products.filter((p) => filters.every((f) => matchesFilter(p, f))).map((p) => Number(p.sku.slice(4)));
}

describe('filters on numbers', () => {
  it.each<[RawQuery, number[]]>([
    [{ price: '10' }, [2]],
    [{ price: '10.0' }, [2]],
    [{ price__eq: '10.5' }, [4]],
    [{ price__neq: '10' }, [1, 3, 4, 5, 6]],
    [{ price__gt: '10' }, [3, 4, 6]],
    [{ price__gte: '10' }, [2, 3, 4, 6]],
    [{ price__lt: '10' }, [1, 5]],
    [{ price__lte: '10' }, [1, 2, 5]],
    [{ price__gt: '9', price__lt: '100' }, [2, 4]],
    [{ price__gt: '-1' }, [1, 2, 3, 4, 5, 6]],
    [{ price__lte: '-0' }, [5]],
    [{ price__in: '100,9,10' }, [1, 2, 3]],
    [{ price__not_in: '100,9,10' }, [4, 5, 6]],
    [{ price__gte: '1e6' }, [6]],
    [{ stock: '0' }, [1]],
    [{ stock__gte: '5' }, [2, 3, 5]],
    [{ stock__in: '1,3' }, [4, 6]],
    [{ stock__lt: '2.0' }, [1, 6]],
    [{ price__is_null: 'true' }, []],
    [{ price__is_not_null: 'true' }, [1, 2, 3, 4, 5, 6]],
  ])('%j', (query, expected) => {
    expect(matching(query)).toEqual(expected);
  });

  it('compares numbers numerically, not as text (9 < 10 < 100)', () => {
    expect(matching({ price__lt: '100', price__gt: '9' })).toEqual([2, 4]);
  });
});

describe('filters on booleans', () => {
  it.each<[RawQuery, number[]]>([
    [{ is_active: 'true' }, [1, 3, 4, 6]],
    [{ is_active: 'false' }, [2, 5]],
    [{ is_active__neq: 'true' }, [2, 5]],
    [{ is_active__in: 'true,false' }, [1, 2, 3, 4, 5, 6]],
    [{ is_active__not_in: 'true' }, [2, 5]],
  ])('%j', (query, expected) => {
    expect(matching(query)).toEqual(expected);
  });
});

describe('filters on strings (case-sensitive, code point order)', () => {
  it.each<[RawQuery, number[]]>([
    [{ category: 'lighting' }, [1, 2, 3]],
    [{ category: 'Lighting' }, []],
    [{ category__neq: 'lighting' }, [4, 5, 6]],
    [{ category__in: 'furniture,Furniture' }, [4, 5]],
    [{ category__not_in: 'lighting,décor' }, [4, 5]],
    [{ name__contains: 'Lamp' }, [1, 3]],
    [{ name__contains: 'lamp' }, [2]],
    [{ name__contains: '' }, [1, 2, 3, 4, 5, 6]],
    [{ name__starts_with: 'Desk' }, [1]],
    [{ name__starts_with: 'desk' }, [2]],
    [{ name__ends_with: 'Lamp' }, [1, 3]],
    [{ name__ends_with: '😀' }, [6]],
    [{ name__contains: 'pple' }, [5]],
    [{ name__gt: 'Desk Lamp' }, [2, 3, 5, 6]],
    [{ name__gte: 'Desk Lamp' }, [1, 2, 3, 5, 6]],
    [{ name__lt: 'Chair' }, []],
    [{ name__lte: 'Chair' }, [4]],
    [{ name__lt: 'a' }, [1, 3, 4, 6]],
    [{ name__gt: 'z' }, [5]],
    [{ sku: 'SKU-4' }, [4]],
    [{ sku__gte: 'SKU-5' }, [5, 6]],
  ])('%j', (query, expected) => {
    expect(matching(query)).toEqual(expected);
  });
});

describe('filters on the optional description (absent is null, empty string is not)', () => {
  it.each<[RawQuery, number[]]>([
    [{ description__is_null: 'true' }, [3, 5]],
    [{ description__is_not_null: 'true' }, [1, 2, 4, 6]],
    [{ description: '' }, [2]],
    [{ description: 'Oak chair' }, [4]],
    [{ description__neq: 'Oak chair' }, [1, 2, 3, 5, 6]],
    [{ description__neq: '' }, [1, 3, 4, 5, 6]],
    [{ description__in: 'Oak chair,Warm light' }, [1, 4]],
    [{ description__in: ',Oak chair' }, [2, 4]],
    [{ description__not_in: 'Oak chair,Warm light' }, [2, 3, 5, 6]],
    [{ description__contains: '' }, [1, 2, 4, 6]],
    [{ description__contains: 'light' }, [1]],
    [{ description__contains: 'Lamp' }, []],
    [{ description__starts_with: 'LAMP' }, [6]],
    [{ description__ends_with: 'chair' }, [4]],
    [{ description__gt: '' }, [1, 4, 6]],
    [{ description__gte: '' }, [1, 2, 4, 6]],
    [{ description__lt: 'zzz' }, [1, 2, 4, 6]],
    [{ description__lte: 'Oak chair' }, [2, 4, 6]],
  ])('%j', (query, expected) => {
    expect(matching(query)).toEqual(expected);
  });
});

describe('filters on uuids', () => {
  const id = PRODUCTS[2].id;
  const hexId = 'abcdef00-0000-4000-8000-000000000007';
  it.each<[RawQuery, number[]]>([
    [{ id }, [3]],
    [{ id: hexId }, [7]],
    [{ id: hexId.toUpperCase() }, []],
    [{ id__neq: id }, [1, 2, 4, 5, 6, 7]],
    [{ id__in: `${PRODUCTS[0].id},${id},nope` }, [1, 3]],
    [{ id__not_in: `${PRODUCTS[0].id},${id}` }, [2, 4, 5, 6, 7]],
    [{ id__is_null: 'true' }, []],
  ])('%j', (query, expected) => {
    expect(matching(query, [...PRODUCTS, product(7, { id: hexId })])).toEqual(expected);
  });
});

describe('filters on datetimes (compared as instants across offsets)', () => {
  const timed: Product[] = [
    product(1, { created_at: '2024-01-01T08:00:00Z' }),
    product(2, { created_at: '2024-01-01T10:00:00+02:00' }),
    product(3, { created_at: '2024-01-01T07:59:59.999999+00:00' }),
    product(4, { created_at: '2024-01-01T03:00:00.000001-05:00' }),
    product(5, { created_at: '2024-01-01T23:00:00-10:00' }),
  ];

  it.each<[RawQuery, number[]]>([
    [{ created_at: '2024-01-01T10:00:00+02:00' }, [1, 2]],
    [{ created_at: '2024-01-01T08:00:00Z' }, [1, 2]],
    [{ created_at: '2024-01-01T08:00:00.000Z' }, [1, 2]],
    [{ created_at: '2024-01-01T09:00:00+01:00' }, [1, 2]],
    [{ created_at__neq: '2024-01-01T08:00:00Z' }, [3, 4, 5]],
    [{ created_at__gt: '2024-01-01T08:00:00Z' }, [4, 5]],
    [{ created_at__gte: '2024-01-01T10:00:00+02:00' }, [1, 2, 4, 5]],
    [{ created_at__lt: '2024-01-01T08:00:00Z' }, [3]],
    [{ created_at__lte: '2024-01-01T08:00:00Z' }, [1, 2, 3]],
    [{ created_at__gt: '2024-01-01T07:59:59.999999Z' }, [1, 2, 4, 5]],
    [{ created_at__lt: '2024-01-01T08:00:00.000001Z' }, [1, 2, 3]],
    [{ created_at__gte: '2024-01-02' }, [5]],
    [{ created_at__lt: '2024-01-02' }, [1, 2, 3, 4]],
    [{ created_at__gt: '2024-01-01T10:00:00 02:00' }, [4, 5]],
    [{ created_at__in: '2024-01-01T09:00:00+01:00,2024-01-02T09:00:00Z' }, [1, 2, 5]],
    [{ created_at__not_in: '2024-01-01T08:00:00Z' }, [3, 4, 5]],
    [{ created_at__is_not_null: 'true' }, [1, 2, 3, 4, 5]],
  ])('%j', (query, expected) => {
    expect(matching(query, timed)).toEqual(expected);
  });
});

describe('combined filters (AND)', () => {
  it.each<[RawQuery, number[]]>([
    [{ category: 'lighting', is_active: 'true' }, [1, 3]],
    [{ category: 'lighting', price__gte: '10', description__is_null: 'true' }, [3]],
    [{ category: 'lighting', category__neq: 'lighting' }, []],
    [{}, [1, 2, 3, 4, 5, 6]],
  ])('%j', (query, expected) => {
    expect(matching(query)).toEqual(expected);
  });

  it('countMatching counts without paging', () => {
    const { filters } = parseListQuery({ page: '999', category: 'lighting' }, { allowPaging: false });
    expect(countMatching(PRODUCTS, filters)).toBe(3);
    expect(countMatching([], filters)).toBe(0);
    expect(countMatching(new Set(PRODUCTS), [])).toBe(6);
  });
});
