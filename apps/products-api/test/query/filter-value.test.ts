import { parseFiniteNumber, parseInteger, parseScalar, toCacheScalar } from '../../src/query/filter-value';
import type { ScalarValue } from '../../src/query/types';

function value<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('parseFiniteNumber', () => {
  it.each([
    ['10', 10],
    ['10.5', 10.5],
    ['-1', -1],
    ['0', 0],
    ['-0', 0],
    ['10.0', 10],
    ['007', 7],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['2.5e+2', 250],
    ['0.1', 0.1],
    ['123456789.123', 123456789.123],
  ])('%j is %p', (text, expected) => {
    expect(Object.is(value(parseFiniteNumber(text)), expected)).toBe(true);
  });

  it.each(['', ' ', '10abc', 'abc', '1,5', '.5', '5.', '+5', ' 5', '5 ', '0x10', '0b1', 'Infinity', '-Infinity', 'NaN', '1e400', '--1', '1e', 'e3', '1_000', '١٢'])(
    '%j is not a number',
    (text) => {
      const result = parseFiniteNumber(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain(JSON.stringify(text));
    },
  );
});

describe('parseInteger', () => {
  it.each([
    ['0', 0],
    ['3', 3],
    ['-3', -3],
    ['10.0', 10],
    ['1e3', 1000],
    ['9007199254740991', 9007199254740991],
  ])('%j is %p', (text, expected) => {
    expect(value(parseInteger(text))).toBe(expected);
  });

  it.each(['1.5', '0.1', '1e-1', '', 'x', '10abc', '9007199254740993', '1e300'])('%j is not an integer', (text) => {
    expect(parseInteger(text).ok).toBe(false);
  });
});

describe('parseScalar', () => {
  it.each<[Parameters<typeof parseScalar>[0], string, ScalarValue]>([
    ['number', '10.5', 10.5],
    ['integer', '4', 4],
    ['boolean', 'true', true],
    ['boolean', 'false', false],
    ['string', 'Lamp', 'Lamp'],
    ['string', '', ''],
    ['string', ' spaced ', ' spaced '],
    ['string', 'a,b', 'a,b'],
    ['uuid', 'not-a-uuid-but-as-given', 'not-a-uuid-but-as-given'],
    ['uuid', '', ''],
    ['datetime', '2024-01-01T10:00:00+02:00', { epochSeconds: Date.parse('2024-01-01T08:00:00Z') / 1000, nanos: 0 }],
  ])('%s %j', (type, text, expected) => {
    expect(value(parseScalar(type, text))).toEqual(expected);
  });

  it.each<[Parameters<typeof parseScalar>[0], string, RegExp]>([
    ['number', 'ten', /finite number/],
    ['integer', '2.5', /integer/],
    ['boolean', 'True', /true or false/],
    ['boolean', '1', /true or false/],
    ['boolean', 'yes', /true or false/],
    ['boolean', '', /true or false/],
    ['datetime', 'yesterday', /ISO 8601/],
    ['datetime', '2024-01-01T10:00:00', /timezone/],
    ['datetime', '', /ISO 8601/],
  ])('%s %j is invalid', (type, text, message) => {
    const result = parseScalar(type, text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('toCacheScalar', () => {
  it('writes instants as normalized ISO text and keeps other values', () => {
    expect(toCacheScalar(value(parseScalar('datetime', '2024-01-01T10:00:00+02:00')))).toBe('2024-01-01T08:00:00.000Z');
    expect(toCacheScalar(10)).toBe(10);
    expect(toCacheScalar(false)).toBe(false);
    expect(toCacheScalar('x')).toBe('x');
  });
});
