import { productCreateSchema, productFieldsSchema, productSchema } from '../../src/domain/product';
import {
  DEFAULT_SEED,
  DEMO_CATEGORIES,
  demoSku,
  generateDemoProduct,
  generateDemoProducts,
  toDemoProduct,
} from '../../src/seed/generate';

const UUID = '3f1c7a52-9a57-4b8e-8f0e-2f4f3c1f9d11';

describe('demo product generator', () => {
  const products = generateDemoProducts(2000);

  test('SKUs are DEMO- plus the 1-based index, padded to five digits', () => {
    expect(demoSku(1)).toBe('DEMO-00001');
    expect(demoSku(42)).toBe('DEMO-00042');
    expect(demoSku(99_999)).toBe('DEMO-99999');
    expect(demoSku(100_000)).toBe('DEMO-100000');
    expect(products.map((p) => p.sku)).toEqual(products.map((_, i) => demoSku(i + 1)));
    expect(new Set(products.map((p) => p.sku)).size).toBe(products.length);
  });

  test('is deterministic: same seed and index, same product', () => {
    expect(generateDemoProducts(2000)).toEqual(products);
    expect(generateDemoProduct(42)).toEqual(products[41]);
    expect(generateDemoProduct(42, DEFAULT_SEED)).toEqual(generateDemoProduct(42));
  });

  test('a product does not depend on how many are generated (a larger count extends a smaller one)', () => {
    expect(generateDemoProducts(30)).toEqual(products.slice(0, 30));
    expect(generateDemoProducts(0)).toEqual([]);
  });

  test('another seed gives other products with the same SKUs', () => {
    const other = generateDemoProducts(50, 7);
    expect(other.map((p) => p.sku)).toEqual(products.slice(0, 50).map((p) => p.sku));
    const differing = other.filter((p, i) => p.name !== products[i].name || p.price !== products[i].price);
    expect(differing.length).toBeGreaterThan(40);
    expect(generateDemoProducts(50, 7)).toEqual(other);
  });

  test('every product is valid for the API (fields, create body and stored form)', () => {
    const now = new Date('2025-01-02T03:04:05.678Z');
    for (const fields of products) {
      expect(productFieldsSchema.strict().safeParse(fields).success).toBe(true);
      expect(productCreateSchema.safeParse(fields).success).toBe(true);
      const stored = toDemoProduct(fields, UUID, now);
      const parsed = productSchema.safeParse(stored);
      expect(parsed.success).toBe(true);
      expect(parsed.data).toEqual(stored);
      expect(Object.keys(stored).slice(0, 3)).toEqual(['id', 'created_at', 'updated_at']);
      expect(stored.created_at).toBe('2025-01-02T03:04:05.678Z');
    }
  });

  test('looks like a real catalogue', () => {
    const categories = new Set(products.map((p) => p.category));
    expect(categories.size).toBeGreaterThanOrEqual(6);
    for (const category of categories) expect(DEMO_CATEGORIES).toContain(category);
    expect(DEMO_CATEGORIES).toEqual(expect.arrayContaining(['lighting', 'furniture', 'kitchen', 'garden', 'tools', 'office']));

    for (const p of products) {
      expect(p.name).toMatch(/^[A-Z0-9]\S*( \S+)+$/);
      expect(p.name).not.toMatch(/\s{2}/);
      expect(p.price).toBeGreaterThan(0);
      expect(Math.round(p.price * 100) / 100).toBe(p.price); // at most two decimals
      expect(Number.isInteger(p.stock) && p.stock >= 0).toBe(true);
      if (p.description !== undefined) expect(p.description).toMatch(/^[A-Z0-9].*\.$/);
    }
    expect(products.filter((p) => !Number.isInteger(p.price)).length / products.length).toBeGreaterThan(0.7); // prices with cents
    expect(new Set(products.map((p) => p.name)).size).toBeGreaterThan(300);

    const share = (predicate: (p: (typeof products)[number]) => boolean) => products.filter(predicate).length / products.length;
    expect(share((p) => p.is_active)).toBeGreaterThan(0.8);
    expect(share((p) => p.is_active)).toBeLessThan(0.97);
    expect(share((p) => p.description !== undefined)).toBeGreaterThan(0.6);
    expect(share((p) => p.description !== undefined)).toBeLessThan(0.9);
    expect(share((p) => p.stock === 0)).toBeGreaterThan(0.02);
  });

  test('no "a" before a vowel in descriptions', () => {
    for (const p of products) expect(p.description ?? '').not.toMatch(/\bA [aeiouAEIOU]/);
  });

  test.each([0, -1, 1.5, Number.NaN])('rejects index %p', (index) => {
    expect(() => generateDemoProduct(index)).toThrow(RangeError);
    expect(() => demoSku(index)).toThrow(RangeError);
  });

  test.each([-1, 0.5, 2 ** 32])('rejects seed %p', (seed) => {
    expect(() => generateDemoProduct(1, seed)).toThrow(RangeError);
  });
});
