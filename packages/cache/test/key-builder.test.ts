import { CacheKeyBuilder, type ModelListKeyOptions } from '../src/key-builder';
import { InvalidArgumentError, InvalidOptionError } from '../src/errors';

class Product {}

/** Both ways of naming a model must give the same keys. */
const models = [
  ['class Product', Product],
  ["string 'Product'", 'Product'],
] as const;

describe('CacheKeyBuilder: Python S3verless vectors', () => {
  const keys = new CacheKeyBuilder();

  const listVectors: Array<[string, ModelListKeyOptions | undefined, string]> = [
    ['no options', undefined, 's3v:list:Product:ed1a23bf0818c12d'],
    [
      'is_active filter, sort by created_at, page size 10',
      { filters: { is_active: true }, sortField: 'created_at', pageSize: 10 },
      's3v:list:Product:2a68b176518b3fe9',
    ],
    [
      'category filter, sort by price',
      { filters: { category: 'electronics' }, sortField: 'price' },
      's3v:list:Product:e68b47601c03205e',
    ],
    ['price__gt filter', { filters: { price__gt: 10 } }, 's3v:list:Product:e5079817936003f2'],
    ['descending', { sortOrder: 'desc' }, 's3v:list:Product:af7970fa29f2aba2'],
  ];

  describe.each(models)('with %s', (_label, model) => {
    it.each(listVectors)('modelListKey: %s', (_name, options, expected) => {
      expect(keys.modelListKey(model, options)).toBe(expected);
    });

    it('modelCountKey({ active: true })', () => {
      expect(keys.modelCountKey(model, { active: true })).toBe('s3v:count:Product:89a174b4d9e4c94e');
    });

    it("modelCountKey({ category: 'electronics', price__lt: 100 })", () => {
      expect(keys.modelCountKey(model, { category: 'electronics', price__lt: 100 })).toBe(
        's3v:count:Product:edc6617085d27501',
      );
    });

    it('modelKey and the patterns', () => {
      expect(keys.modelKey(model, 'abc123')).toBe('s3v:model:Product:abc123');
      expect(keys.modelKey(model, 42)).toBe('s3v:model:Product:42');
      expect(keys.modelPattern(model)).toBe('s3v:*:Product:*');
      expect(keys.modelInstancePattern(model)).toBe('s3v:model:Product:*');
      expect(keys.modelListPattern(model)).toBe('s3v:list:Product:*');
      expect(keys.modelCountPattern(model)).toBe('s3v:count:Product:*');
    });
  });
});

describe('CacheKeyBuilder: formats from the guide', () => {
  it('uses the custom prefix everywhere', () => {
    const keys = new CacheKeyBuilder({ prefix: 'myapp' });
    expect(keys.prefix).toBe('myapp');
    expect(keys.modelKey(Product, 'abc123')).toBe('myapp:model:Product:abc123');
    expect(keys.modelPattern(Product)).toBe('myapp:*:Product:*');
    expect(keys.modelListKey(Product)).toBe('myapp:list:Product:ed1a23bf0818c12d');
    expect(keys.modelCountKey(Product)).toBe('myapp:count:Product:all');
  });

  it('accepts the prefix as a bare string', () => {
    expect(new CacheKeyBuilder('myapp').modelKey(Product, 'abc123')).toBe('myapp:model:Product:abc123');
  });

  it("defaults the prefix to 's3v'", () => {
    expect(new CacheKeyBuilder().prefix).toBe('s3v');
    expect(new CacheKeyBuilder({}).prefix).toBe('s3v');
    expect(new CacheKeyBuilder({ prefix: undefined }).prefix).toBe('s3v');
  });
});

describe('CacheKeyBuilder: modelListKey', () => {
  const keys = new CacheKeyBuilder();

  it('gives the same key for defaults left out and passed explicitly', () => {
    const implicit = keys.modelListKey(Product);
    expect(keys.modelListKey(Product, {})).toBe(implicit);
    expect(keys.modelListKey(Product, { filters: {}, sortField: null, sortOrder: 'asc', page: 1, pageSize: 20 })).toBe(
      implicit,
    );
    expect(keys.modelListKey(Product, { filters: null, sortField: undefined })).toBe(implicit);
  });

  it('does not depend on filter order', () => {
    const a = keys.modelListKey(Product, { filters: { category: 'books', price__lt: 20, tags: { a: 1, b: 2 } } });
    const b = keys.modelListKey(Product, { filters: { tags: { b: 2, a: 1 }, price__lt: 20, category: 'books' } });
    expect(a).toBe(b);
  });

  it('changes with every part of the query', () => {
    const seen = new Set([
      keys.modelListKey(Product),
      keys.modelListKey(Product, { page: 2 }),
      keys.modelListKey(Product, { pageSize: 50 }),
      keys.modelListKey(Product, { sortField: 'name' }),
      keys.modelListKey(Product, { sortOrder: 'desc' }),
      keys.modelListKey(Product, { filters: { a: 1 } }),
      keys.modelListKey('Order'),
    ]);
    expect(seen.size).toBe(7);
  });

  it('matches the shape {prefix}:list:{Name}:{16 hex}', () => {
    expect(keys.modelListKey(Product, { filters: { name: 'caf\u00e9 \u{1F600}' } })).toMatch(
      /^s3v:list:Product:[0-9a-f]{16}$/,
    );
  });

  it('rejects filters canonicalJson cannot write', () => {
    expect(() => keys.modelListKey(Product, { filters: { ids: new Set([1]) } })).toThrow(InvalidArgumentError);
  });
});

describe('CacheKeyBuilder: modelCountKey', () => {
  const keys = new CacheKeyBuilder();

  it("uses 'all' when there are no filters", () => {
    expect(keys.modelCountKey(Product)).toBe('s3v:count:Product:all');
    expect(keys.modelCountKey(Product, null)).toBe('s3v:count:Product:all');
    expect(keys.modelCountKey(Product, {})).toBe('s3v:count:Product:all');
    expect(keys.modelCountKey(Product, { a: undefined })).toBe('s3v:count:Product:all');
  });

  it('does not depend on filter order', () => {
    expect(keys.modelCountKey(Product, { price__lt: 100, category: 'electronics' })).toBe(
      's3v:count:Product:edc6617085d27501',
    );
  });
});

describe('CacheKeyBuilder: customKey', () => {
  const keys = new CacheKeyBuilder();

  it('joins the parts after the prefix', () => {
    expect(keys.customKey('stats')).toBe('s3v:stats');
    expect(keys.customKey('stats', 'daily', 7)).toBe('s3v:stats:daily:7');
    expect(new CacheKeyBuilder('myapp').customKey('session', 'u1')).toBe('myapp:session:u1');
  });

  it('needs at least one string or finite number', () => {
    expect(() => keys.customKey()).toThrow(InvalidArgumentError);
    expect(() => keys.customKey('a', NaN)).toThrow(InvalidArgumentError);
    expect(() => keys.customKey('a', {} as unknown as string)).toThrow(InvalidArgumentError);
  });
});

describe('CacheKeyBuilder: validation', () => {
  it.each([
    ['an empty string', ''],
    ['an empty prefix option', { prefix: '' }],
    ['a *', 'my*app'],
    ['a ?', { prefix: 'app?' }],
    ['a [', 'app[1'],
    ['a ]', 'app]'],
    ['a non-string prefix', { prefix: 42 as unknown as string }],
    ['a number instead of options', 7 as unknown as string],
  ])('rejects %s', (_label, options) => {
    let error: unknown;
    try {
      new CacheKeyBuilder(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('prefix');
  });

  it('accepts a prefix with colons and other characters', () => {
    expect(new CacheKeyBuilder('my-app:v2').modelKey('User', 1)).toBe('my-app:v2:model:User:1');
  });

  it('rejects an empty model name', () => {
    const keys = new CacheKeyBuilder();
    expect(() => keys.modelKey('', 'x')).toThrow(InvalidArgumentError);
    expect(() => keys.modelPattern({ name: '' })).toThrow(InvalidArgumentError);
    expect(() => keys.modelListKey((() => {}) as unknown as { name: string })).toThrow(InvalidArgumentError);
    expect(() => keys.modelCountKey(null as unknown as string)).toThrow(InvalidArgumentError);
  });

  it('rejects an id that is not a string or a finite number', () => {
    const keys = new CacheKeyBuilder();
    expect(() => keys.modelKey(Product, NaN)).toThrow(InvalidArgumentError);
    expect(() => keys.modelKey(Product, undefined as unknown as string)).toThrow(InvalidArgumentError);
  });
});
