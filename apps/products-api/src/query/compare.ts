import { compareInstants } from './instant';
import type { ScalarValue } from './types';

/** Maps a UTF-16 unit at or above U+D800 so that unit order becomes code point order. */
function codePointFixup(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/**
 * Orders two strings by Unicode code point (as Python and SQL `C` collation do), not by UTF-16
 * unit as JavaScript's `<` does: U+1F600 sorts after U+FFFD here. Case-sensitive, no locale.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = codePointFixup(x);
      y = codePointFixup(y);
    }
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * Orders two typed values of the same kind: numbers numerically, strings by code point, booleans
 * `false` before `true`, instants chronologically. Returns a negative number, 0 or a positive number.
 * @throws TypeError when the two values are of different kinds (a programming error).
 */
export function compareScalars(a: ScalarValue, b: ScalarValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (typeof a === 'object' && typeof b === 'object') return compareInstants(a, b);
  throw new TypeError(`cannot compare a ${typeof a} with a ${typeof b}`);
}
