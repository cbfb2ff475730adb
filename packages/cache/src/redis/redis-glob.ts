/**
 * Turns a `deletePattern` glob (Python `fnmatch` semantics, see `../glob.ts`)
 * into a Redis `SCAN ... MATCH` pattern, so that Redis sends back only
 * candidate keys.
 *
 * The two languages differ in ways that matter:
 *
 * - Redis matches **bytes** of the UTF-8 key; fnmatch matches **characters**.
 *   `?` is one byte in Redis but one code point (1 to 4 bytes) in fnmatch, so a
 *   `?` becomes `?*` (one or more bytes), and a negated set `[!abc]` becomes
 *   `[^abc]*`: wider, never narrower. A set with non-ASCII members becomes `?*`.
 *   A `?` next to a `*` stays exact (`a?*` is "at least one more character"
 *   in both).
 * - Redis has an escape character (`\`); fnmatch has none. Literal `\`, `*`,
 *   `?`, `[` and `]` are escaped; set members are escaped one by one.
 * - Redis swaps reversed ranges (`[z-a]` = `[a-z]`); fnmatch drops them. The
 *   members of every set are therefore computed with `compileGlob` over the
 *   ASCII characters and written out again, never copied.
 *
 * The Redis pattern is never trusted alone: `RedisCache` filters every key a
 * SCAN returns with `compileGlob`, so a wider pattern costs only the transfer
 * of some extra candidates. {@link RedisMatch.exact} says when no filtering
 * would be needed.
 *
 * @module
 */
import { compileGlob } from '../glob';

/** A glob translated for `SCAN MATCH`; see {@link globToRedisMatch}. */
export interface RedisMatch {
  /** The Redis pattern for the part of the key after the prefix (prepend {@link escapeRedisLiteral}(prefix)). */
  readonly pattern: string;
  /** True when the Redis pattern matches exactly the keys the glob matches (for valid UTF-8 keys). */
  readonly exact: boolean;
  /** True when the glob can match no key at all (it has an empty set such as `[z-a]`): no SCAN is needed. */
  readonly matchesNothing: boolean;
}

/** Characters with a meaning in Redis patterns outside a set. */
const REDIS_META = /[\\*?[\]]/g;
/** Characters written unescaped inside a Redis set (and the only ones used as range ends). */
const RANGE_SAFE = /^[0-9A-Za-z]$/;
const ASCII = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));
const NON_ASCII = /[^\u0000-\u007f]/;

/** `text` as a Redis pattern that matches exactly `text` (metacharacters escaped with `\`). */
export function escapeRedisLiteral(text: string): string {
  return text.replace(REDIS_META, (c) => `\\${c}`);
}

/**
 * One position of the glob as a Redis fragment: a `star`; a `fixed` fragment
 * that matches exactly what the glob does there (a literal, a set of ASCII
 * characters); or `one` character that may be several bytes, whose fragment
 * matches its first byte and is followed by a `*` for the others.
 */
type Token =
  | { readonly kind: 'star' }
  | { readonly kind: 'fixed'; readonly text: string }
  /** `anyChar`: the glob's `?` (any one character), as opposed to a set. */
  | { readonly kind: 'one'; readonly text: string; readonly anyChar: boolean };

/**
 * Translates a glob into a Redis `MATCH` pattern that matches every key the
 * glob matches (and, when {@link RedisMatch.exact}, no other).
 *
 * @example
 * globToRedisMatch('user:[!0-9]*'); // { pattern: 'user:[^0-9]*', exact: false, ... }
 */
export function globToRedisMatch(glob: string): RedisMatch {
  compileGlob(glob); // validates like every other deletePattern
  const tokens: Token[] = [];
  let matchesNothing = false;
  const cps = Array.from(glob);
  for (let i = 0; i < cps.length; ) {
    const c = cps[i++];
    if (c === '*') {
      tokens.push({ kind: 'star' });
    } else if (c === '?') {
      tokens.push({ kind: 'one', text: '?', anyChar: true });
    } else if (c === '[') {
      const end = setEnd(cps, i);
      if (end < 0) {
        tokens.push({ kind: 'fixed', text: '\\[' });
        continue;
      }
      const set = translateSet(cps.slice(i - 1, end + 1).join(''));
      if (set === undefined) matchesNothing = true;
      else tokens.push(set);
      i = end + 1;
    } else {
      tokens.push({ kind: 'fixed', text: escapeRedisLiteral(c) });
    }
  }
  return { ...emit(tokens), matchesNothing };
}

/** Index of the `]` closing a set whose `[` is just before `i`, or -1 (the `[` is literal), as Python scans. */
function setEnd(cps: readonly string[], i: number): number {
  let j = i;
  if (j < cps.length && cps[j] === '!') j++;
  if (j < cps.length && cps[j] === ']') j++;
  while (j < cps.length && cps[j] !== ']') j++;
  return j < cps.length ? j : -1;
}

/**
 * A set `[...]` as a Redis fragment. Its members are found by asking
 * `compileGlob` about each ASCII character, because fnmatch's rules (dropped
 * empty ranges, a `!` that negates only after them: `[z-a!b]` is `[!b]`) are
 * not Redis's. A set that can match only ASCII characters becomes an exact byte
 * set. A set written in ASCII that still matches other characters (a negated
 * set) becomes `[^E]*`, E being the ASCII characters it does not match (the
 * first byte of a multi-byte character is never ASCII), or `?*` when E is
 * empty. A set with non-ASCII members becomes `?*`. `undefined` for an empty
 * set, which matches nothing.
 */
function translateSet(setText: string): Token | undefined {
  const matcher = compileGlob(setText);
  const members = ASCII.filter((c) => matcher.test(c));
  const mayMatchNonAscii = NON_ASCII.test(setText) || matcher.test('\u0080');
  if (!mayMatchNonAscii) return members.length === 0 ? undefined : { kind: 'fixed', text: `[${writeSet(members)}]` };
  // Written with ASCII only, yet matching a non-ASCII character: a negated set, short E.
  const excluded = NON_ASCII.test(setText) ? [] : ASCII.filter((c) => !matcher.test(c));
  return { kind: 'one', text: excluded.length === 0 ? '?' : `[^${writeSet(excluded)}]`, anyChar: false };
}

/** Set members for a Redis `[...]`: runs of 3+ letters or digits as ranges, members other than letters and digits escaped. */
function writeSet(members: readonly string[]): string {
  let out = '';
  for (let i = 0; i < members.length; ) {
    let j = i;
    while (
      j + 1 < members.length &&
      RANGE_SAFE.test(members[j + 1]) &&
      members[j + 1].charCodeAt(0) === members[j].charCodeAt(0) + 1
    ) {
      j++;
    }
    if (RANGE_SAFE.test(members[i]) && j - i >= 2) {
      out += `${members[i]}-${members[j]}`;
      i = j + 1;
    } else {
      out += RANGE_SAFE.test(members[i]) ? members[i] : `\\${members[i]}`;
      i++;
    }
  }
  return out;
}

/**
 * Writes the tokens out, in order. A one-character token that may span
 * several bytes is followed by a `*` (runs of `*` merge). The result is exact
 * when the only such tokens are lone `?`s in runs of wildcards that contain a
 * `*` (`a?*`, `*?b`): "at least one more character" is "at least one more byte".
 */
function emit(tokens: readonly Token[]): Omit<RedisMatch, 'matchesNothing'> {
  let pattern = '';
  let exact = true;
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i].kind === 'fixed') {
      pattern += (tokens[i] as Extract<Token, { kind: 'fixed' }>).text;
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length && tokens[j].kind !== 'fixed') j++;
    const run = tokens.slice(i, j);
    const ones = run.filter((t): t is Extract<Token, { kind: 'one' }> => t.kind === 'one');
    const hasStar = ones.length < run.length;
    if (ones.length > 0 && !(hasStar && ones.length === 1 && ones[0].anyChar)) exact = false;
    for (const token of run) {
      if (token.kind === 'one') pattern += token.text;
      if (!pattern.endsWith('*')) pattern += '*'; // (a literal * is always written as the set [\*])
    }
    i = j;
  }
  return { pattern, exact };
}
