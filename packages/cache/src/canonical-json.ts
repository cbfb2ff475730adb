/**
 * Canonical JSON that is byte-for-byte what Python writes with
 * `json.dumps(obj, sort_keys=True)` (separators `", "` / `": "`, `ensure_ascii=True`).
 *
 * Python S3verless hashes this text to build cache keys, so the TypeScript port
 * must produce the very same bytes for both to share one Redis.
 */
import { InvalidArgumentError } from './errors';

const HEX = '0123456789abcdef';

/** `\uXXXX` with lowercase hex, as Python's `ensure_ascii` writes it. */
function unicodeEscape(code: number): string {
  return '\\u' + HEX[(code >> 12) & 15] + HEX[(code >> 8) & 15] + HEX[(code >> 4) & 15] + HEX[code & 15];
}

/**
 * Escape for each ASCII code unit, `undefined` where the character is written as is.
 * Python writes only `0x20..0x7E` literally (minus `"` and `\`); DEL is escaped too.
 */
const ASCII_ESCAPES: ReadonlyArray<string | undefined> = (() => {
  const table: Array<string | undefined> = new Array<string | undefined>(128).fill(undefined);
  for (let c = 0; c < 0x20; c++) table[c] = unicodeEscape(c);
  table[0x08] = '\\b';
  table[0x09] = '\\t';
  table[0x0a] = '\\n';
  table[0x0c] = '\\f';
  table[0x0d] = '\\r';
  table[0x22] = '\\"';
  table[0x5c] = '\\\\';
  table[0x7f] = unicodeEscape(0x7f);
  return table;
})();

/**
 * A JSON string literal as Python's `ensure_ascii=True` writes it. Works on
 * UTF-16 code units, so an astral character comes out as its surrogate pair and
 * a lone surrogate as its own `\uXXXX`, exactly like Python.
 */
function quote(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let escape: string | undefined;
    if (c < 0x80) {
      escape = ASCII_ESCAPES[c];
      if (escape === undefined) continue;
    } else {
      escape = unicodeEscape(c);
    }
    if (i > start) out += s.slice(start, i);
    out += escape;
    start = i + 1;
  }
  if (start === 0) return '"' + s + '"';
  return '"' + out + s.slice(start) + '"';
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * Orders strings by Unicode code point, as Python sorts `str`. JavaScript's own
 * comparison goes by UTF-16 code unit, which puts U+1F600 (`\ud83d\ude00`) before
 * U+FF01; Python puts it after. Lone surrogates count as their own code point.
 */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Below the surrogate range a code unit is its own code point and smaller
    // than any code point that starts at (or pairs into) this position.
    if (ca < 0xd800 || cb < 0xd800) return ca - cb;
    // A low surrogate may complete a pair whose high half is the shared unit
    // before it: compare the code points that start there.
    const at = i > 0 && isHighSurrogate(a.charCodeAt(i - 1)) && (isLowSurrogate(ca) || isLowSurrogate(cb)) ? i - 1 : i;
    return (a.codePointAt(at) as number) - (b.codePointAt(at) as number);
  }
  return a.length - b.length;
}

/** Largest integer written as an integer (JS cannot tell `10` from `10.0`). */
const MAX_EXACT_INTEGER = 2 ** 53;

/**
 * A finite non-integral (or beyond +-2^53) number as Python's `float.__repr__`:
 * the shortest round-trip digits (the same JavaScript picks), in exponent form
 * (`1e-05`, `1.2345e+20`) when the decimal exponent is below -4 or at least 16,
 * in fixed form with at least one fraction digit (`0.0001`, `1.0`) otherwise.
 */
function pythonFloatRepr(value: number): string {
  const sign = value < 0 ? '-' : '';
  const text = String(Math.abs(value));
  let digits: string;
  let exponent: number;
  const e = text.indexOf('e');
  if (e >= 0) {
    digits = text.slice(0, e).replace('.', '');
    exponent = Number(text.slice(e + 1));
  } else {
    const dot = text.indexOf('.');
    const whole = dot < 0 ? text : text.slice(0, dot);
    const fraction = dot < 0 ? '' : text.slice(dot + 1);
    if (whole !== '0') {
      digits = whole + fraction;
      exponent = whole.length - 1;
    } else {
      let zeros = 0;
      while (fraction.charCodeAt(zeros) === 0x30) zeros++;
      digits = fraction.slice(zeros);
      exponent = -(zeros + 1);
    }
  }
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 0x30) end--;
  digits = digits.slice(0, end);

  if (exponent < -4 || exponent >= 16) {
    const mantissa = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const magnitude = Math.abs(exponent);
    return sign + mantissa + 'e' + (exponent < 0 ? '-' : '+') + (magnitude < 10 ? '0' : '') + magnitude;
  }
  if (exponent < 0) return sign + '0.' + '0'.repeat(-exponent - 1) + digits;
  if (digits.length <= exponent + 1) return sign + digits + '0'.repeat(exponent + 1 - digits.length) + '.0';
  return sign + digits.slice(0, exponent + 1) + '.' + digits.slice(exponent + 1);
}

/** A number as Python's `json.dumps` writes the matching `int` or `float`. */
function formatNumber(value: number): string {
  if (Number.isSafeInteger(value) || value === MAX_EXACT_INTEGER || value === -MAX_EXACT_INTEGER) {
    return String(value); // -0 gives "0"
  }
  if (value !== value) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return pythonFloatRepr(value);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Python's `datetime.isoformat()` of an aware UTC datetime: `2024-01-15T10:30:00.123000+00:00`. */
function formatDate(date: Date, path: string): string {
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(`canonicalJson: invalid Date at ${path}`);
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) {
    throw new InvalidArgumentError(`canonicalJson: Date at ${path} has year ${year}; Python datetime accepts 1..9999`);
  }
  const ms = date.getUTCMilliseconds();
  return (
    pad(year, 4) + '-' + pad(date.getUTCMonth() + 1, 2) + '-' + pad(date.getUTCDate(), 2) +
    'T' + pad(date.getUTCHours(), 2) + ':' + pad(date.getUTCMinutes(), 2) + ':' + pad(date.getUTCSeconds(), 2) +
    (ms !== 0 ? '.' + pad(ms, 3) + '000' : '') + '+00:00'
  );
}

/** Human-readable type of a value that cannot be written, for error messages. */
function describeType(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'symbol') return 'symbol';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  const ctor = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor;
  const name = typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name !== '' ? ctor.name : undefined;
  if (name === undefined) return 'object with a non-plain prototype';
  return ['Map', 'Set', 'WeakMap', 'WeakSet', 'RegExp', 'Promise', 'Error'].includes(name) ? name : `instance of ${name}`;
}

/** Prototype `Object.prototype` or `null`: what Python would see as a dict. */
function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `true` for values an object drops and an array writes as `null` (as `JSON.stringify` does). */
function isSkippable(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Renders a path like `$.filters["a b"][2]` for error messages. */
function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '$';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += IDENTIFIER.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Sorts object keys by code point; the engine's own sort is the same when no key holds a surrogate. */
function sortKeys(keys: string[]): string[] {
  if (keys.length < 2) return keys;
  for (const key of keys) {
    for (let i = 0; i < key.length; i++) {
      if (key.charCodeAt(i) >= 0xd800) return keys.sort(compareCodePoints);
    }
  }
  return keys.sort();
}

/**
 * One serialization. Collects the output pieces in one array joined at the end
 * (no intermediate string per container), and tracks the open containers (cycle
 * detection; an array beats a Set here, which rehashes on every add/delete) and
 * the path (error messages).
 */
class Writer {
  readonly parts: string[] = [];
  private readonly ancestors: object[] = [];
  private readonly path: Array<string | number> = [];

  write(value: unknown): void {
    const parts = this.parts;
    if (typeof value === 'string') parts.push(quote(value));
    else if (typeof value === 'number') parts.push(formatNumber(value));
    else if (typeof value === 'boolean') parts.push(value ? 'true' : 'false');
    else if (typeof value === 'bigint') parts.push(value.toString());
    else if (value === null) parts.push('null');
    else if (Array.isArray(value)) {
      this.enter(value);
      this.writeArray(value);
      this.ancestors.pop();
    } else if (value instanceof Date) parts.push('"' + formatDate(value, formatPath(this.path)) + '"');
    else if (typeof value === 'object' && isPlainObject(value)) {
      this.enter(value);
      this.writeObject(value as Record<string, unknown>);
      this.ancestors.pop();
    } else {
      throw new InvalidArgumentError(
        `canonicalJson: cannot serialize ${describeType(value)} at ${formatPath(this.path)}; ` +
          'only plain objects, arrays, strings, numbers, booleans, null, bigint and Date are supported',
      );
    }
  }

  private enter(container: object): void {
    if (this.ancestors.includes(container)) {
      throw new InvalidArgumentError(`canonicalJson: circular reference at ${formatPath(this.path)}`);
    }
    this.ancestors.push(container);
  }

  private writeArray(array: readonly unknown[]): void {
    this.parts.push('[');
    const path = this.path;
    for (let i = 0; i < array.length; i++) {
      const item = array[i];
      if (i > 0) this.parts.push(', ');
      if (isSkippable(item)) {
        this.parts.push('null');
        continue;
      }
      path.push(i);
      this.write(item);
      path.pop();
    }
    this.parts.push(']');
  }

  private writeObject(object: Record<string, unknown>): void {
    const keys = sortKeys(Object.keys(object));
    const path = this.path;
    this.parts.push('{');
    let first = true;
    for (const key of keys) {
      const item = object[key];
      if (isSkippable(item)) continue;
      this.parts.push((first ? '' : ', ') + quote(key) + ': ');
      first = false;
      path.push(key);
      this.write(item);
      path.pop();
    }
    this.parts.push('}');
  }
}

/**
 * Writes `value` exactly as Python's `json.dumps(value, sort_keys=True)` does, so a
 * hash of the text matches the hash Python S3verless computes.
 *
 * - Object keys are sorted by Unicode code point at every level; keys whose value
 *   is `undefined`, a function or a symbol are left out (as `JSON.stringify` does).
 * - Strings are ASCII-only: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, and `\uXXXX`
 *   (lowercase hex, surrogate pairs for astral characters) for everything else
 *   outside `0x20..0x7E`.
 * - Integral numbers within +-2^53 are written as integers (`-0` as `0`); other
 *   numbers as Python's float `repr` (`0.1`, `1e-05`, `1e+16`, `9007199254740994.0`),
 *   `NaN`, `Infinity`, `-Infinity`. A bigint is written as its digits.
 * - Arrays are `[a, b]`; `undefined`, function and symbol elements become `null`.
 * - A `Date` becomes the string Python's UTC `isoformat()` gives:
 *   `"2024-01-15T10:30:00+00:00"` or `"2024-01-15T10:30:00.123000+00:00"`.
 *
 * @param value A plain object (prototype `Object.prototype` or `null`), array,
 *   string, number, boolean, `null`, bigint or `Date`, nested freely.
 * @returns The JSON text; always pure ASCII.
 * @throws {InvalidArgumentError} For any other value (Map, Set, class instance,
 *   function or symbol at top level, `undefined` at top level), for a circular
 *   reference, and for an invalid Date or one outside years 1..9999. The message
 *   names the type and the path where it was found.
 *
 * @example
 * canonicalJson({ b: 1.5, a: [true, null, 'é'] }); // '{"a": [true, null, "\\u00e9"], "b": 1.5}'
 */
export function canonicalJson(value: unknown): string {
  const writer = new Writer();
  writer.write(value);
  return writer.parts.join('');
}
