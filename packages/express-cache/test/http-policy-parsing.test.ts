import { deltaSeconds, parseDirectives } from '../src/http-policy/directives';
import { ageValue } from '../src/http-policy/freshness';
import { parseHttpDate } from '../src/http-policy/http-date';
import { responseDirectives } from '../src/http-policy/response-directives';
import { InvalidStructuredFieldError, parseDictionary } from '../src/http-policy/structured-fields';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('Cache-Control (RFC 9111 section 5.2)', () => {
  it.each<[string, number | null | undefined]>([
    ['max-age=60', 60],
    ['MaX-AgE=60', 60],
    ['max-age="60"', 60],
    ['max-age=0060', 60],
    ['max-age=99999999999', 2147483648],
    ['max-age=-1', null],
    ['max-age=60a', null],
    ["max-age='60'", null],
    ['max-age=6.0', null],
    ['max-age =60', undefined],
    ['max-age= 60', undefined],
    ['max-age=1, max-age=600', 1],
    ['extension="max-age=600, x", max-age=1', 1],
    ['foo, max-age=5', 5],
  ])('%s: max-age %p', (header, expected) => {
    expect(deltaSeconds(parseDirectives(header), 'max-age')).toBe(expected);
  });

  it('keeps quoted field lists whole', () => {
    expect(parseDirectives('no-cache="a, b", private').get('no-cache')).toBe('a, b');
  });
});

describe('CDN-Cache-Control (RFC 9213, RFC 8941 dictionary)', () => {
  it('parses members, parameters and inner lists', () => {
    const members = parseDictionary('max-age=60;x=1, no-store, a=(1 2), b="s", c=?0, d=1.5');
    expect(members.get('max-age')).toEqual({ type: 'integer', value: 60 });
    expect(members.get('no-store')).toEqual({ type: 'boolean', value: true });
    expect(members.get('a')).toEqual({ type: 'list' });
    expect(members.get('d')).toEqual({ type: 'decimal', value: 1.5 });
  });

  it.each(['max-age=10, &&&', 'Max-Age=10', 'max-age =10', 'max-age=10,', 'a="unterminated'])('refuses %s', (value) => {
    expect(() => parseDictionary(value)).toThrow(InvalidStructuredFieldError);
  });

  it('replaces Cache-Control when valid, is ignored when a directive has the wrong type', () => {
    const targets = ['cdn-cache-control'];
    expect(responseDirectives({ 'cache-control': 'no-store', 'cdn-cache-control': 'max-age=5' }, targets)).toMatchObject({ targeted: 'cdn-cache-control', maxAge: 5, noStore: false });
    expect(responseDirectives({ 'cache-control': 'no-store', 'cdn-cache-control': 'max-age="5"' }, targets)).toMatchObject({ targeted: undefined, noStore: true });
  });
});

describe('HTTP-date (RFC 9110 section 5.6.7)', () => {
  it.each([
    ['Sun, 06 Nov 1994 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['SUN, 06 NOV 1994 08:49:37 gmt', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Thursday, 18-Aug-50 02:01:18 GMT', Date.UTC(2050, 7, 18, 2, 1, 18)],
    ['Sun Nov  6 08:49:37 1994', Date.UTC(1994, 10, 6, 8, 49, 37)],
  ])('reads %s', (value, expected) => {
    expect(parseHttpDate(value, NOW)).toBe(expected);
  });

  it.each([
    '0', 'Thu, 18 Aug 2050 02:01:18 UTC', 'Thu, 18 Aug 50 02:01:18 GMT', 'Thu 18 Aug 2050 02:01:18 GMT',
    'Thu, 18  Aug  2050 02:01:18 GMT', 'Thu, 18-Aug-2050 02:01:18 GMT', 'Thu, 18 Aug 2050 2:01:18 GMT', 'Thu, 31 Feb 2050 02:01:18 GMT',
  ])('refuses %s', (value) => {
    expect(parseHttpDate(value, NOW)).toBeUndefined();
  });
});

describe('Age (RFC 9111 section 5.1)', () => {
  it.each<[string | string[], number]>([
    ['30', 30], ['7200, 0', 7200], ['0, 7200', 0], [['7200', '0'], 7200], ['abc', 0], ['-7200', 0], ['7200.0', 0],
    ['2147483649', 2147483648], ['7200;foo=bar', 7200],
  ])('%p is %d', (header, expected) => {
    expect(ageValue(header)).toBe(expected);
  });
});
