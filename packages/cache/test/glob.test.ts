import { readFileSync } from 'fs';
import { join } from 'path';
import { InvalidArgumentError } from '../src/errors';
import { compileGlob, globEscape, globToRegExp, isGlobLiteral, type GlobKind, type GlobMatcher } from '../src/glob';

/** Written by fixtures/generate-glob.py with Python's fnmatch.fnmatchcase. */
interface Vector {
  pattern: string;
  name: string;
  match: boolean;
}
const vectors: Vector[] = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'glob.vectors.json'), 'utf8'));

const show = (v: Vector, got: boolean) => `${JSON.stringify(v.pattern)} vs ${JSON.stringify(v.name)}: python ${v.match}, got ${got}`;

describe('glob: agreement with Python fnmatch.fnmatchcase', () => {
  const matchers = new Map<string, GlobMatcher>();
  const matcher = (p: string) => matchers.get(p) ?? matchers.set(p, compileGlob(p)).get(p)!;

  it('has a substantial vector set with both outcomes', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(300);
    expect(vectors.filter((v) => v.match).length).toBeGreaterThan(100);
    expect(vectors.filter((v) => !v.match).length).toBeGreaterThan(100);
  });

  it('compileGlob(pattern).test(name) equals fnmatchcase for every vector', () => {
    const failures = vectors.filter((v) => matcher(v.pattern).test(v.name) !== v.match);
    expect(failures.map((v) => show(v, !v.match))).toEqual([]);
  });

  it('globToRegExp(pattern).test(name) equals fnmatchcase for every vector', () => {
    const failures = vectors.filter((v) => globToRegExp(v.pattern).test(v.name) !== v.match);
    expect(failures.map((v) => show(v, !v.match))).toEqual([]);
  });

  it('a literal pattern matches exactly itself', () => {
    const failures = vectors.filter((v) => isGlobLiteral(v.pattern) && v.match !== (v.name === v.pattern));
    expect(failures.map((v) => show(v, !v.match))).toEqual([]);
  });

  it('user:* deletes 2 of 3 keys, like the Python suite', () => {
    const m = compileGlob('user:*');
    expect(['user:1', 'user:2', 'session:1'].filter(m.test)).toEqual(['user:1', 'user:2']);
  });

  it('matches cache keys across ":" segments', () => {
    const key = 's3v:list:Product:ed1a23bf0818c12d';
    expect(compileGlob('s3v:*:Product:*').test(key)).toBe(true);
    expect(compileGlob('s3v:model:Product:*').test(key)).toBe(false);
  });
});

describe('compileGlob classification', () => {
  const cases: [string, GlobKind, string][] = [
    ['', 'exact', ''],
    ['user:1', 'exact', 'user:1'],
    ['a.b+c(d)|e$^{}\\/', 'exact', 'a.b+c(d)|e$^{}\\/'],
    ['[', 'exact', '['],
    ['a[b', 'exact', 'a[b'],
    ['[]', 'exact', '[]'],
    ['[!]', 'exact', '[!]'],
    ['\u{1F600}', 'exact', '\u{1F600}'],
    ['*', 'all', ''],
    ['**', 'all', ''],
    ['****', 'all', ''],
    ['s3v:list:Product:*', 'prefix', 's3v:list:Product:'],
    ['user:**', 'prefix', 'user:'],
    ['a[b*', 'prefix', 'a[b'],
    ['\\*', 'prefix', '\\'],
    ['*.json', 'suffix', '.json'],
    ['**:1', 'suffix', ':1'],
    ['*[', 'suffix', '['],
    ['s3v:*:Product:*', 'regex', ''],
    ['*a*', 'regex', ''],
    ['a*b', 'regex', ''],
    ['user:?', 'regex', ''],
    ['?*', 'regex', ''],
    ['[a]', 'regex', ''],
    ['[a]*', 'regex', ''],
    ['*[a]', 'regex', ''],
    ['[]]', 'regex', ''],
    ['[z-a]', 'regex', ''],
    ['a\uD83D*', 'regex', ''], // lone surrogate: startsWith could split a surrogate pair
  ];

  it.each(cases)('%j is %s with literal %j', (pattern, kind, literal) => {
    const m = compileGlob(pattern);
    expect(m).toMatchObject({ pattern, kind, literal });
    expect(Object.isFrozen(m)).toBe(true);
  });

  it('prefix and suffix tests do not use regex semantics', () => {
    const p = compileGlob('a.b(*');
    expect(p.kind).toBe('prefix');
    expect(p.test('a.b(\nzz')).toBe(true);
    expect(p.test('axb(')).toBe(false);
    const s = compileGlob('*$x');
    expect(s.kind).toBe('suffix');
    expect(s.test('line\n$x')).toBe(true);
    expect(s.test('$x\n')).toBe(false);
  });

  it('keeps surrogate pairs whole around a lone surrogate', () => {
    const m = compileGlob('a\uD83D*');
    expect(m.test('a\uD83D\uDE00')).toBe(false);
    expect(m.test('a\uD83Dx')).toBe(true);
  });

  it('test works when detached from the matcher', () => {
    for (const p of ['x', 'x*', '*x', '*', 'x?']) {
      const { test } = compileGlob(p);
      expect(test('xy') || test('x')).toBe(true);
    }
  });

  it('does not backtrack catastrophically', () => {
    const m = compileGlob('*a*a*a*a*a*a*a*a*a*a*b');
    const start = Date.now();
    expect(m.test('a'.repeat(20_000))).toBe(false);
    expect(Date.now() - start).toBeLessThan(1_000);
  });
});

describe('globToRegExp', () => {
  it('is anchored with flags su', () => {
    const re = globToRegExp('a*b?[!c]');
    expect(re.flags).toBe('su');
    expect(re.source.startsWith('^')).toBe(true);
    expect(re.source.endsWith('$')).toBe(true);
  });

  it('treats a backslash as a literal, not an escape', () => {
    expect(globToRegExp('\\*').test('\\anything')).toBe(true);
    expect(globToRegExp('\\*').test('*')).toBe(false);
  });

  it('does not confuse a backreference with a following digit', () => {
    expect(globToRegExp('*a*0*').test('xa0')).toBe(true);
    expect(globToRegExp('*1*2*3*4*5*6*7*8*9*0*1*').test('1234567890 1')).toBe(true);
  });
});

describe('isGlobLiteral', () => {
  it.each(['', 'user:1', 's3v:list:Product:ed1a23bf0818c12d', '[', 'a[b', '[]', '[!]', '[!', 'a]', '\\', '.+()^$|{}'])(
    '%j is literal',
    (p) => expect(isGlobLiteral(p)).toBe(true),
  );
  it.each(['*', 'a*', '?', '[a]', '[]]', '[!]]', '[z-a]', 'a[b]c', '[[]', '\\*'])('%j is not literal', (p) =>
    expect(isGlobLiteral(p)).toBe(false),
  );
});

describe('argument validation', () => {
  it.each([undefined, null, 1, /a/, ['a'], {}])('rejects the non-string %p', (bad) => {
    for (const fn of [compileGlob, globToRegExp, isGlobLiteral]) {
      expect(() => fn(bad as unknown as string)).toThrow(InvalidArgumentError);
      expect(() => fn(bad as unknown as string)).toThrow(TypeError);
    }
  });
});

describe('globEscape', () => {
  it.each(['plain', 'a*b', 'what?', '[x]', '*?[]!', 'café/é', ''])('matches exactly %p and nothing else', (text) => {
    const matcher = compileGlob(globEscape(text));
    expect(matcher.test(text)).toBe(true);
    expect(matcher.test(`${text}x`)).toBe(false);
    expect(compileGlob(`${globEscape(text)}*`).test(`${text}/more`)).toBe(true);
    if (text.length > 0) expect(matcher.test(text.slice(1))).toBe(false);
  });
});
