import { compareCodePoints, compareScalars } from '../../src/query/compare';
import { parseInstant, type Instant } from '../../src/query/instant';

const sign = (n: number) => Math.sign(n);

function instant(text: string): Instant {
  const parsed = parseInstant(text);
  if (typeof parsed !== 'object') throw new Error(text);
  return parsed;
}

/** Reference: compare the arrays of code points. */
function referenceCompare(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return sign(x.length - y.length);
}

describe('compareCodePoints', () => {
  it.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['', 'a', -1],
    ['a', 'ab', -1],
    ['B', 'a', -1],
    ['Z', 'a', -1],
    ['10', '9', -1],
    ['é', 'f', 1],
    ['\uFFFD', '😀', -1],
    ['\uE000', '😀', -1],
    ['😀', '\uFFFF', 1],
    ['\uD7FF', '😀', -1],
    ['😀', '😁', -1],
    ['a😀', 'a\uFFFD', 1],
  ])('%j vs %j is %p', (a, b, expected) => {
    expect(sign(compareCodePoints(a, b))).toBe(expected);
    expect(sign(compareCodePoints(b, a))).toBe(-expected || 0);
  });

  it('agrees with a code-point reference on a mixed alphabet', () => {
    const alphabet = ['a', 'Z', '0', 'é', '\uD7FF', '\uE000', '\uFFFD', '\uFFFF', '😀', '𝄞', '\u{10FFFF}'];
    const words = alphabet.flatMap((x) => alphabet.map((y) => x + y)).concat(alphabet);
    const failures: string[] = [];
    for (const a of words) {
      for (const b of words) {
        if (sign(compareCodePoints(a, b)) !== referenceCompare(a, b)) failures.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('compareScalars', () => {
  it('compares numbers numerically, not as text', () => {
    expect(sign(compareScalars(9, 10))).toBe(-1);
    expect(sign(compareScalars(10, 100))).toBe(-1);
    expect(sign(compareScalars(-1, 0))).toBe(-1);
    expect(compareScalars(0, -0)).toBe(0);
    expect(sign(compareScalars(10.5, 10))).toBe(1);
  });

  it('orders booleans false < true', () => {
    expect(sign(compareScalars(false, true))).toBe(-1);
    expect(sign(compareScalars(true, false))).toBe(1);
    expect(compareScalars(true, true)).toBe(0);
  });

  it('compares datetimes as instants', () => {
    expect(compareScalars(instant('2024-01-01T10:00:00+02:00'), instant('2024-01-01T08:00:00Z'))).toBe(0);
    expect(sign(compareScalars(instant('2024-01-01T10:00:00+02:00'), instant('2024-01-01T09:00:00Z')))).toBe(-1);
  });

  it('compares strings by code point, case-sensitively', () => {
    expect(sign(compareScalars('Lamp', 'lamp'))).toBe(-1);
    expect(compareScalars('lamp', 'lamp')).toBe(0);
  });

  it('refuses values of different kinds', () => {
    expect(() => compareScalars(1, '1')).toThrow(TypeError);
    expect(() => compareScalars(true, instant('2024-01-01'))).toThrow(TypeError);
  });
});
