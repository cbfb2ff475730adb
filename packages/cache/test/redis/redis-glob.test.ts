import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileGlob, InvalidArgumentError } from '@s3verless/cache';
import { escapeRedisLiteral, globToRedisMatch, RedisCache } from '@s3verless/cache/redis';
import type { Redis } from 'ioredis';
import { describeWithRedis, inspector, redisUrl, removePrefix, uniquePrefix } from '../helpers/redis';

describe('globToRedisMatch (fnmatch glob -> Redis SCAN MATCH)', () => {
  // [glob, Redis pattern, exact]
  const table: Array<[string, string, boolean]> = [
    // literals, with every Redis metacharacter escaped and regex metacharacters left alone
    ['user:1', 'user:1', true],
    ['', '', true],
    ['a.b+c(d)|e$^{}/', 'a.b+c(d)|e$^{}/', true],
    ['a\\b', 'a\\\\b', true],
    ['\\', '\\\\', true],
    ['a]b', 'a\\]b', true],
    ['[', '\\[', true], // a lone [ is literal in fnmatch
    ['a[b', 'a\\[b', true],
    ['[!', '\\[!', true],
    ['日本', '日本', true],
    // stars
    ['*', '*', true],
    ['**', '*', true],
    ['user:*', 'user:*', true],
    ['s3v:*:Product:*', 's3v:*:Product:*', true],
    ['*\\', '*\\\\', true],
    // ? is one character = 1 to 4 bytes: exact only next to a *
    ['user:?', 'user:?*', false],
    ['??', '?*?*', false],
    ['a?*', 'a?*', true],
    ['*?b', '*?*b', true],
    ['日本?', '日本?*', false],
    // sets: members recomputed, escaped, ranges only between letters or digits
    ['[abc]', '[a-c]', true],
    ['key:[0-9][0-9]', 'key:[0-9][0-9]', true],
    ['[a-cx-z]', '[a-cx-z]', true],
    ['[]]', '[\\]]', true], // ] first in a set is a member
    ['[]a]', '[\\]a]', true],
    ['[^a]', '[\\^a]', true], // ^ is literal in fnmatch, negation in Redis
    ['[a-]', '[\\-a]', true],
    ['[a-c-e]', '[\\-a-ce]', true],
    ['[\\]', '[\\\\]', true],
    ['[*?]', '[\\*\\?]', true],
    ['[$^]', '[\\$\\^]', true],
    // negated sets: one character not in the set may be several bytes
    ['[!abc]', '[^a-c]*', false],
    ['[!]]', '[^\\]]*', false],
    ['*[!a]', '*[^a]*', false],
    ['[!é]', '?*', false], // every ASCII character matches: any first byte
    ['[!😀]*', '?*', false],
    ['[z-a!b]', '[^b]*', false], // fnmatch drops the empty range z-a, and the ! then negates
    ['[z-a!]', '?*', false], // ... and a lone ! is "any character"
    // sets with non-ASCII members
    ['caf[éè]', 'caf?*', false],
    ['[😀-😂]', '?*', false],
  ];

  it.each(table)('%p -> %p (exact: %p)', (glob, pattern, exact) => {
    expect(globToRedisMatch(glob)).toEqual({ pattern, exact, matchesNothing: false });
  });

  it.each(['[z-a]', 'a[z-a]*', 'x[]-!]'])('knows that %p matches nothing (an empty set)', (glob) => {
    expect(globToRedisMatch(glob).matchesNothing).toBe(true);
    expect(['', 'a', 'x]', 'az', 'za'].some(compileGlob(glob).test)).toBe(false);
  });

  it('escapes every Redis metacharacter of a literal prefix', () => {
    expect(escapeRedisLiteral('a*b?c[d]e\\f^g')).toBe('a\\*b\\?c\\[d\\]e\\\\f^g');
  });

  it('rejects a pattern that is not a string', () => {
    expect(() => globToRedisMatch(7 as unknown as string)).toThrow(InvalidArgumentError);
  });
});

/** Written by fixtures/generate-glob.py with Python's fnmatch.fnmatchcase. */
interface Vector {
  pattern: string;
  name: string;
  match: boolean;
}
const vectors: Vector[] = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'glob.vectors.json'), 'utf8'));
const LONE_SURROGATE = /\p{Cs}/u;
/** Names Redis can store faithfully (a lone surrogate has no UTF-8 form), plus keys full of metacharacters. */
const names = [
  ...new Set([
    ...vectors.map((v) => v.name).filter((n) => !LONE_SURROGATE.test(n)),
    'a\\*b', '[x]', '^x', 'x]', '\\[a]', 'a\u0000b', 'é:é', 'e\u0301', '😀:1', 'a?b*c[d]',
  ]),
];
const patterns = [...new Set([...vectors.map((v) => v.pattern), 'a\\*b', '\\[a]', '[!😀]*', '?:?', '*\u0000*'])];

describeWithRedis('globToRedisMatch against a real Redis SCAN', () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(async () => {
    redis = inspector();
    prefix = uniquePrefix('glob:[*?]\\:'); // metacharacters in the prefix too
    await redis.mset(names.flatMap((name) => [prefix + name, '1']));
  });

  afterAll(async () => {
    await removePrefix(redis, prefix);
    await redis.quit();
  });

  /** The names a raw SCAN MATCH returns for a glob (no client-side filtering). */
  async function scanned(glob: string): Promise<Set<string>> {
    const match = escapeRedisLiteral(prefix) + globToRedisMatch(glob).pattern;
    const found = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scanBuffer(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next.toString();
      for (const key of keys) found.add(key.toString('utf8').slice(prefix.length));
    } while (cursor !== '0');
    return found;
  }

  it(`never misses a key fnmatch matches, and is exact when it says so (${patterns.length} globs x ${names.length} keys)`, async () => {
    const problems: string[] = [];
    for (const glob of patterns) {
      const want = names.filter(compileGlob(glob).test);
      const translation = globToRedisMatch(glob);
      if (translation.matchesNothing) {
        if (want.length > 0) problems.push(`${JSON.stringify(glob)} said to match nothing, but matches ${JSON.stringify(want)}`);
        continue;
      }
      const got = await scanned(glob);
      const missed = want.filter((name) => !got.has(name));
      if (missed.length > 0) problems.push(`${JSON.stringify(glob)} -> ${translation.pattern} missed ${JSON.stringify(missed)}`);
      if (translation.exact && got.size !== want.length) {
        const extra = [...got].filter((name) => !want.includes(name));
        problems.push(`${JSON.stringify(glob)} -> ${translation.pattern} claimed exact, also returned ${JSON.stringify(extra)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('deletePattern removes exactly the keys compileGlob matches, for every glob', async () => {
    const cache = new RedisCache({ url: redisUrl, prefix: uniquePrefix('glob-delete:'), defaultTtl: 60 });
    const problems: string[] = [];
    for (const glob of patterns) {
      await cache.setMany(names.map((name) => [name, 1] as const));
      const want = names.filter(compileGlob(glob).test);
      const removed = await cache.deletePattern(glob);
      const left = await cache.getMany(names);
      const gone = names.filter((name) => !left.has(name));
      if (removed !== want.length || gone.join('\n') !== want.join('\n')) {
        problems.push(`${JSON.stringify(glob)}: removed ${removed} ${JSON.stringify(gone)}, fnmatch says ${JSON.stringify(want)}`);
      }
    }
    await cache.clear();
    await cache.close();
    expect(problems).toEqual([]);
  });
});
