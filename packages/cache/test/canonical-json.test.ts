import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { canonicalJson } from '../src/canonical-json';
import { InvalidArgumentError } from '../src/errors';

/** One line of the fixture written by fixtures/generate-canonical-json.py. */
interface Vector {
  readonly name: string;
  readonly input: unknown;
  readonly expected: string;
  readonly sha16: string;
}

const vectors = JSON.parse(
  readFileSync(join(__dirname, 'fixtures', 'canonical-json.vectors.json'), 'utf8'),
) as Vector[];

const sha16 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);

describe('canonicalJson: Python json.dumps(sort_keys=True) vectors', () => {
  it('has a non-trivial fixture', () => {
    expect(vectors.length).toBeGreaterThan(40);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const text = canonicalJson(vector.input);
    expect(text).toBe(vector.expected);
    expect(sha16(text)).toBe(vector.sha16);
  });
});

describe('canonicalJson: numbers', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [10, '10'],
    [-123456789, '-123456789'],
    [2 ** 53, '9007199254740992'],
    [-(2 ** 53), '-9007199254740992'],
    [2 ** 53 + 2, '9007199254740994.0'],
    [-(2 ** 53 + 2), '-9007199254740994.0'],
    [1e16, '1e+16'],
    [1e21, '1e+21'],
    [1.2345e20, '1.2345e+20'],
    [123.5, '123.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [-2.5e-100, '-2.5e-100'],
    [1e300, '1e+300'],
    [5e-324, '5e-324'],
    [9999999999999998, '9999999999999998.0'],
    [1234567890123456.7, '1234567890123456.8'],
  ])('%p -> %s', (input, expected) => {
    expect(canonicalJson(input)).toBe(expected);
  });

  it('writes NaN and the infinities as Python does', () => {
    expect(canonicalJson(NaN)).toBe('NaN');
    expect(canonicalJson(Infinity)).toBe('Infinity');
    expect(canonicalJson(-Infinity)).toBe('-Infinity');
    expect(canonicalJson([NaN, { a: -Infinity }])).toBe('[NaN, {"a": -Infinity}]');
  });

  it('writes bigints as their digits', () => {
    expect(canonicalJson(0n)).toBe('0');
    expect(canonicalJson(-12345678901234567890n)).toBe('-12345678901234567890');
    expect(canonicalJson({ id: 2n ** 64n })).toBe('{"id": 18446744073709551616}');
  });
});

describe('canonicalJson: objects and arrays', () => {
  it('leaves out keys whose value is undefined', () => {
    expect(canonicalJson({ b: undefined, a: 1, c: undefined })).toBe('{"a": 1}');
    expect(canonicalJson({ a: undefined })).toBe('{}');
  });

  it('writes undefined and function elements of arrays as null', () => {
    expect(canonicalJson([undefined, () => 1, 1])).toBe('[null, null, 1]');
  });

  it('leaves out function and symbol values of objects, as JSON.stringify does', () => {
    expect(canonicalJson({ f: () => 1, s: Symbol('x'), a: 1 })).toBe('{"a": 1}');
  });

  it('sorts keys by code point, not by UTF-16 code unit', () => {
    // '\uff01' < '\u{1F600}' as code points, but '\ud83d' < '\uff01' as code units.
    expect(canonicalJson({ '\u{1F600}': 1, '\uff01': 2 })).toBe('{"\\uff01": 2, "\\ud83d\\ude00": 1}');
    expect(canonicalJson({ '\uff01': 2, '\u{1F600}': 1 })).toBe('{"\\uff01": 2, "\\ud83d\\ude00": 1}');
    expect(Object.keys({ '\u{1F600}': 1, '\uff01': 2 }).sort()[0]).toBe('\u{1F600}');
  });

  it('sorts integer-like keys as strings', () => {
    expect(canonicalJson({ 10: 'a', 9: 'b', 1: 'c' })).toBe('{"1": "c", "10": "a", "9": "b"}');
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.z = 1;
    bare.a = [true];
    expect(canonicalJson(bare)).toBe('{"a": [true], "z": 1}');
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared, shared] })).toBe('{"a": {"x": 1}, "b": [{"x": 1}, {"x": 1}]}');
  });

  it('writes sparse array holes as null', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(canonicalJson([1, , 3])).toBe('[1, null, 3]');
  });
});

describe('canonicalJson: Date', () => {
  it('writes a UTC isoformat() string without fraction when ms is 0', () => {
    expect(canonicalJson(new Date(Date.UTC(2024, 0, 15, 10, 30, 0)))).toBe('"2024-01-15T10:30:00+00:00"');
  });

  it('writes six fraction digits when ms is not 0', () => {
    expect(canonicalJson(new Date('2024-01-15T10:30:00.123Z'))).toBe('"2024-01-15T10:30:00.123000+00:00"');
    expect(canonicalJson({ at: new Date('0099-12-31T23:59:59.001Z') })).toBe(
      '{"at": "0099-12-31T23:59:59.001000+00:00"}',
    );
  });

  it('rejects an invalid Date with a TypeError', () => {
    expect(() => canonicalJson(new Date(NaN))).toThrow(InvalidArgumentError);
    expect(() => canonicalJson(new Date(NaN))).toThrow(TypeError);
  });

  it('rejects years Python datetime cannot hold', () => {
    expect(() => canonicalJson(new Date('+010000-01-01T00:00:00Z'))).toThrow(/year 10000/);
    expect(() => canonicalJson(new Date('0000-01-01T00:00:00Z'))).toThrow(InvalidArgumentError);
  });
});

describe('canonicalJson: rejected values', () => {
  class Product {
    readonly id = 1;
  }

  it.each([
    ['Map', new Map([['a', 1]]), /Map/],
    ['Set', new Set([1]), /Set/],
    ['class instance', new Product(), /instance of Product/],
    ['boxed string', new String('x'), /instance of String/],
    ['Buffer', Buffer.from('x'), /instance of Buffer/],
    ['top-level function', function named(): void {}, /function named/],
    ['top-level symbol', Symbol('s'), /symbol/],
    ['top-level undefined', undefined, /undefined/],
  ])('rejects a %s', (_label, value, message) => {
    expect(() => canonicalJson(value)).toThrow(InvalidArgumentError);
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('names the path of a nested bad value', () => {
    expect(() => canonicalJson({ filters: { tags: [1, new Set()] } })).toThrow('at $.filters.tags[1]');
    expect(() => canonicalJson({ 'a b': new Map() })).toThrow('at $["a b"]');
  });

  it('detects cycles through objects and arrays', () => {
    const obj: Record<string, unknown> = { a: 1 };
    obj.self = obj;
    expect(() => canonicalJson(obj)).toThrow(InvalidArgumentError);
    expect(() => canonicalJson(obj)).toThrow(/circular reference at \$\.self/);

    const arr: unknown[] = [1];
    arr.push({ back: arr });
    expect(() => canonicalJson(arr)).toThrow(/circular reference at \$\[1\]\.back/);
  });

  it('is a TypeError, as the errors module promises', () => {
    expect(() => canonicalJson(new Map())).toThrow(TypeError);
  });
});

describe('canonicalJson: performance', () => {
  it('writes a large mostly-ASCII document quickly', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({
      id: i,
      name: `product ${i} caf\u00e9`,
      price: i + 0.5,
      tags: ['a', 'b', 'c'],
      active: i % 2 === 0,
    }));
    const start = process.hrtime.bigint();
    const text = canonicalJson(rows);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(text.startsWith('[{"active": true, "id": 0, "name": "product 0 caf\\u00e9", "price": 0.5')).toBe(true);
    expect(ms).toBeLessThan(2_000);
  });
});
