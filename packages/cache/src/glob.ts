/**
 * Glob patterns for `deletePattern`, with exactly the semantics of Python's
 * `fnmatch.fnmatchcase(name, pattern)` (CPython 3.11/3.12), so that a pattern
 * deletes the same keys here as in Python S3verless:
 *
 * - the whole key must match, case-sensitively; there is no escape character;
 * - `*` matches any run of characters, `:` and newlines included;
 * - `?` matches exactly one character (one Unicode code point);
 * - `[abc]`, `[a-z]` and `[!abc]` match one character of / not of a set; `]` right
 *   after `[` or `[!` is a member; a `[` without a closing `]` is a literal `[`;
 *   an empty range such as `[z-a]` is dropped, as Python's `translate` does;
 * - every other character, regex metacharacters included, is literal.
 *
 * @module
 */
import { InvalidArgumentError } from './errors';

/**
 * How a {@link GlobMatcher} decides: `exact` compares the key with `literal`,
 * `prefix` uses `startsWith(literal)`, `suffix` uses `endsWith(literal)`, `all`
 * matches every key and `regex` runs the RegExp of {@link globToRegExp}.
 */
export type GlobKind = 'exact' | 'prefix' | 'suffix' | 'all' | 'regex';

/** A compiled glob pattern; see {@link compileGlob}. */
export interface GlobMatcher {
  /** The pattern as given to {@link compileGlob}. */
  readonly pattern: string;
  /** How test() decides: exact string compare, startsWith, endsWith, always true, or a compiled RegExp. */
  readonly kind: GlobKind;
  /** For exact/prefix/suffix: the literal text compared. Empty for `all` and `regex`. */
  readonly literal: string;
  /** Whether `key` matches the whole pattern, as `fnmatch.fnmatchcase(key, pattern)` would say. */
  test(key: string): boolean;
}

/** Marks a `*` (runs of `*` are merged into one). */
const STAR = 0;
/** One position of the pattern that matches exactly one character. */
interface Atom {
  /** Regex source matching that character (`(?!)` for an empty set, which matches nothing). */
  readonly re: string;
  /** The character when the atom matches only that character literally. */
  readonly lit?: string;
}
type Piece = Atom | typeof STAR;

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/;
const LONE_SURROGATE = /\p{Cs}/u;

const literalAtom = (c: string): Atom => ({ re: REGEX_SYNTAX.test(c) ? `\\${c}` : c, lit: c });
const codePoint = (c: string): number => c.codePointAt(0) as number;
const classChar = (c: string): string => `\\u{${codePoint(c).toString(16)}}`;

function requireString(pattern: unknown): asserts pattern is string {
  if (typeof pattern !== 'string') {
    throw new InvalidArgumentError(`glob pattern must be a string, got ${pattern === null ? 'null' : typeof pattern}`);
  }
}

/**
 * Translates the set `[` cps[i..j) `]` following CPython's `fnmatch._translate`:
 * split at range hyphens (`-` first, last or right after a range is literal),
 * drop empty ranges, then read the result as Python's `re` reads a class.
 */
function translateSet(cps: readonly string[], i: number, j: number): string {
  let chunks: string[][];
  if (!cps.slice(i, j).includes('-')) {
    chunks = [cps.slice(i, j)];
  } else {
    chunks = [];
    let k = cps[i] === '!' ? i + 2 : i + 1;
    for (;;) {
      while (k < j && cps[k] !== '-') k++;
      if (k >= j) break;
      chunks.push(cps.slice(i, k));
      i = k + 1;
      k += 3;
    }
    const last = cps.slice(i, j);
    if (last.length > 0) chunks.push(last);
    else chunks[chunks.length - 1].push('-');
    // Remove empty ranges (`z-a`): the two endpoints disappear, as in Python.
    for (let c = chunks.length - 1; c > 0; c--) {
      const lo = chunks[c - 1];
      const hi = chunks[c];
      if (codePoint(lo[lo.length - 1]) > codePoint(hi[0])) {
        chunks[c - 1] = lo.slice(0, -1).concat(hi.slice(1));
        chunks.splice(c, 1);
      }
    }
  }
  // Python's class text: the chunks joined by unescaped `-` (null here); all else literal.
  const toks: (string | null)[] = [];
  chunks.forEach((chunk, c) => {
    if (c > 0) toks.push(null);
    toks.push(...chunk);
  });
  if (toks.length === 0) return '(?!)'; // empty set: never matches
  if (toks.length === 1 && toks[0] === '!') return '.'; // negated empty set: any character
  const negate = toks[0] === '!';
  let body = '';
  for (let p = negate ? 1 : 0; p < toks.length; ) {
    const a = toks[p++] ?? '-';
    if (p + 1 < toks.length && toks[p] === null) {
      body += `${classChar(a)}-${classChar(toks[p + 1] ?? '-')}`;
      p += 2;
    } else {
      body += classChar(a);
    }
  }
  return negate ? `[^${body}]` : `[${body}]`;
}

/** Splits a pattern into atoms and stars, exactly as the first pass of Python's `translate`. */
function parse(pattern: string): Piece[] {
  const cps = Array.from(pattern);
  const n = cps.length;
  const out: Piece[] = [];
  let i = 0;
  while (i < n) {
    const c = cps[i++];
    if (c === '*') {
      if (out.length === 0 || out[out.length - 1] !== STAR) out.push(STAR);
    } else if (c === '?') {
      out.push({ re: '.' });
    } else if (c === '[') {
      let j = i;
      if (j < n && cps[j] === '!') j++;
      if (j < n && cps[j] === ']') j++;
      while (j < n && cps[j] !== ']') j++;
      if (j >= n) {
        out.push(literalAtom('['));
      } else {
        out.push({ re: translateSet(cps, i, j) });
        i = j + 1;
      }
    } else {
      out.push(literalAtom(c));
    }
  }
  return out;
}

/**
 * Regex source for parsed pieces. As in Python, each interior `*fixed` takes the
 * first occurrence of `fixed` and never backtracks into it (an atomic group,
 * spelled `(?=(.*?fixed))\N` in JavaScript), so matching stays linear-ish.
 */
function toSource(pieces: readonly Piece[]): string {
  const n = pieces.length;
  let src = '^';
  let i = 0;
  let group = 0;
  while (i < n && pieces[i] !== STAR) src += (pieces[i++] as Atom).re;
  while (i < n) {
    i++; // the STAR
    let fixed = '';
    while (i < n && pieces[i] !== STAR) fixed += (pieces[i++] as Atom).re;
    if (i === n) {
      src += `.*${fixed}`;
    } else {
      group++;
      src += `(?=(.*?${fixed}))(?:\\${group})`;
    }
  }
  return `${src}$`;
}

const isLiteral = (p: Piece): p is Atom & { lit: string } => p !== STAR && p.lit !== undefined;
const joinLiterals = (pieces: readonly Piece[]): string => pieces.map((p) => (p as Atom).lit).join('');

/**
 * Translates a glob pattern into an anchored RegExp (`^...$`, flags `su`) that
 * matches exactly the strings `fnmatch.fnmatchcase` accepts.
 *
 * @throws {InvalidArgumentError} when `pattern` is not a string.
 */
export function globToRegExp(pattern: string): RegExp {
  requireString(pattern);
  return new RegExp(toSource(parse(pattern)), 'su');
}

/**
 * Whether the pattern matches only itself: it has no `*`, no `?` and no `[` that
 * starts a valid set (a `[` without a closing `]` is literal).
 *
 * @throws {InvalidArgumentError} when `pattern` is not a string.
 */
export function isGlobLiteral(pattern: string): boolean {
  requireString(pattern);
  return parse(pattern).every(isLiteral);
}

/**
 * Compiles a glob pattern once for repeated {@link GlobMatcher.test} calls.
 * Patterns of the shapes `literal`, `literal*`, `*literal` and `*` are
 * classified (`exact`, `prefix`, `suffix`, `all`) and tested without a RegExp;
 * every other pattern is tested with {@link globToRegExp}.
 *
 * @example
 * compileGlob('s3v:list:Product:*'); // kind 'prefix', literal 's3v:list:Product:'
 * @throws {InvalidArgumentError} when `pattern` is not a string.
 */
export function compileGlob(pattern: string): GlobMatcher {
  requireString(pattern);
  const pieces = parse(pattern);
  const n = pieces.length;
  const stars = pieces.filter((p) => p === STAR).length;
  // A lone surrogate at the edge of a literal could split a surrogate pair of
  // the key with startsWith/endsWith; the `u` RegExp treats pairs as one character.
  const plain = (lits: readonly Piece[]) => lits.every(isLiteral) && !LONE_SURROGATE.test(joinLiterals(lits));
  let kind: GlobKind = 'regex';
  let literal = '';
  if (stars === 0 && pieces.every(isLiteral)) {
    kind = 'exact';
    literal = joinLiterals(pieces);
  } else if (stars === 1 && n === 1) {
    kind = 'all';
  } else if (stars === 1 && pieces[n - 1] === STAR && plain(pieces.slice(0, -1))) {
    kind = 'prefix';
    literal = joinLiterals(pieces.slice(0, -1));
  } else if (stars === 1 && pieces[0] === STAR && plain(pieces.slice(1))) {
    kind = 'suffix';
    literal = joinLiterals(pieces.slice(1));
  }
  let test: (key: string) => boolean;
  switch (kind) {
    case 'exact':
      test = (key) => key === literal;
      break;
    case 'prefix':
      test = (key) => key.startsWith(literal);
      break;
    case 'suffix':
      test = (key) => key.endsWith(literal);
      break;
    case 'all':
      test = () => true;
      break;
    default: {
      const re = new RegExp(toSource(pieces), 'su');
      test = (key) => re.test(key);
    }
  }
  return Object.freeze({ pattern, kind, literal, test });
}

/**
 * Turns literal text into a glob that matches only that text: `*`, `?` and `[`
 * become the one-character sets `[*]`, `[?]`, `[[]` (fnmatch has no escape
 * character). Use it to build patterns from paths or ids:
 * `` `response:${globEscape(path)}*` ``.
 */
export function globEscape(literal: string): string {
  requireString(literal);
  return literal.replace(/[*?[]/g, (c) => `[${c}]`);
}
