import { InvalidArgumentError } from '@s3verless/cache';
import { decodeEnvelope, encodeEnvelope, isLive, valueToJson } from '../../src/redis/envelope';

describe('RedisCache envelope', () => {
  it('writes the expiry first, as an integer or null, then the value', () => {
    expect(encodeEnvelope('{"a":1}', 1_700_000_000_123)).toBe('{"e":1700000000123,"v":{"a":1}}');
    expect(encodeEnvelope('[1]', Infinity)).toBe('{"e":null,"v":[1]}');
  });

  it.each([null, 0, '', false, [], {}, 'Crème 🍮', { a: [1, { b: null }] }])('round-trips %p', (value) => {
    const entry = decodeEnvelope(encodeEnvelope(valueToJson(value), 5000));
    expect(entry).toEqual({ value, expiresAt: 5000 });
  });

  it('reads a never-expiring entry as expiresAt Infinity', () => {
    expect(decodeEnvelope('{"e":null,"v":"x"}')).toEqual({ value: 'x', expiresAt: Infinity });
  });

  it.each(['"plain json"', '{"v":1}', '{"e":"soon","v":1}', '{"e":1}', '{"e":1,"v":', 'not json'])(
    'treats text it did not write (%p) as no entry',
    (text) => {
      expect(decodeEnvelope(text)).toBeUndefined();
    },
  );

  it('is live strictly before expiresAt', () => {
    const entry = { value: 1, expiresAt: 1000 };
    expect(isLive(entry, 999)).toBe(true);
    expect(isLive(entry, 1000)).toBe(false);
    expect(isLive(undefined, 0)).toBe(false);
  });

  it('stores what JSON stores: a Date as its ISO string, a Map as {}, undefined members dropped', () => {
    const when = new Date('2024-01-15T10:30:00Z');
    const value = { when, map: new Map([[1, 2]]), gone: undefined, list: [undefined, NaN] };
    expect(JSON.parse(valueToJson(value))).toEqual({ when: '2024-01-15T10:30:00.000Z', map: {}, list: [null, null] });
  });

  it.each([
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a BigInt', 10n],
    ['a BigInt inside an object', { n: 10n }],
  ])('rejects %s with InvalidArgumentError', (_label, value) => {
    expect(() => valueToJson(value)).toThrow(InvalidArgumentError);
  });

  it('rejects a circular structure with InvalidArgumentError', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => valueToJson(loop)).toThrow(InvalidArgumentError);
  });
});
