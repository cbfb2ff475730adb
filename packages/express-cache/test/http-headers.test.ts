import { deltaSeconds, parseCacheControl } from '../src/http/cache-control';
import { forwardStatus, hitStatus } from '../src/http/cache-status';
import { strongEtag } from '../src/http/etag';
import { parseVary } from '../src/http/vary';

describe('Cache-Control parsing', () => {
  it('reads directives case-insensitively, with token and quoted values, across repeated headers', () => {
    const cc = parseCacheControl(['Public, Max-Age=60', 'no-cache="Set-Cookie, X-Foo", s-maxage=10']);
    expect(cc.get('public')).toBe(true);
    expect(deltaSeconds(cc, 'max-age')).toBe(60);
    expect(cc.get('no-cache')).toBe('Set-Cookie, X-Foo');
    expect(deltaSeconds(cc, 's-maxage')).toBe(10);
  });

  it('keeps the first of duplicated directives and ignores malformed values', () => {
    const cc = parseCacheControl('max-age=5, max-age=50, stale=abc,, =x');
    expect(deltaSeconds(cc, 'max-age')).toBe(5);
    expect(deltaSeconds(cc, 'stale')).toBeUndefined();
    expect(parseCacheControl(undefined).size).toBe(0);
  });
});

describe('Vary parsing', () => {
  it('lowercases names and splits lists', () => {
    expect(parseVary('Accept-Encoding, Origin')).toEqual(['accept-encoding', 'origin']);
    expect(parseVary(['A', 'B'])).toEqual(['a', 'b']);
    expect(parseVary('*')).toEqual(['*']);
    expect(parseVary(undefined)).toEqual([]);
  });
});

describe('Cache-Status values (RFC 9211)', () => {
  it('formats hits, stale hits and forwards', () => {
    expect(hitStatus('s3verless', 42.9)).toBe('s3verless; hit; ttl=42');
    expect(hitStatus('s3verless', -5.5, 'stale-if-error')).toBe('s3verless; hit; ttl=-5; detail="stale-if-error"');
    expect(forwardStatus('s3verless', 'miss', { stored: true })).toBe('s3verless; fwd=miss; stored');
    expect(forwardStatus('s3verless', 'miss', { collapsed: true })).toBe('s3verless; fwd=miss; collapsed');
    expect(forwardStatus('s3verless', 'bypass', { detail: 'no-store' })).toBe('s3verless; fwd=bypass; detail="no-store"');
  });
});

describe('strong ETag', () => {
  it('depends only on the bytes', () => {
    expect(strongEtag(Buffer.from('abc'))).toBe(strongEtag(Buffer.from('abc')));
    expect(strongEtag(Buffer.from('abc'))).not.toBe(strongEtag(Buffer.from('abd')));
    expect(strongEtag(Buffer.from('abc'))).toMatch(/^"3-[A-Za-z0-9_-]{27}"$/);
  });
});
