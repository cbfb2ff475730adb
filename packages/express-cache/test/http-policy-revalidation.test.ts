import { type HttpPolicyHarness, startHttpPolicy } from './helpers/http-policy';

describe("policy 'http': validation (RFC 9111 section 4.3)", () => {
  let h: HttpPolicyHarness;
  beforeEach(async () => {
    h = await startHttpPolicy();
  });
  afterEach(() => h.close());

  const get = (headers: Record<string, string> = {}) => h.server.http.get('/r').set(headers);

  it('revalidates a stale response with its validators and freshens it from the 304', async () => {
    const lastModified = 'Wed, 01 Jan 2025 00:00:00 GMT';
    h.answer = (req, run) =>
      run === 1
        ? { headers: { 'cache-control': 'max-age=10', etag: '"v1"', 'last-modified': lastModified, 'x-a': '1' }, body: 'body-1' }
        : { status: 304, headers: { 'cache-control': 'max-age=100', etag: '"v1"', 'x-a': '2', 'x-new': 'n' } };
    await get();
    h.clock.advanceSeconds(11);
    const revalidated = await get();
    expect(h.seen[1]['if-none-match']).toBe('"v1"');
    expect(h.seen[1]['if-modified-since']).toBe(lastModified);
    expect(revalidated.status).toBe(200);
    expect(revalidated.text).toBe('body-1');
    expect(revalidated.headers['x-cache']).toBe('REVALIDATED');
    expect(revalidated.headers['cache-status']).toBe('s3verless; fwd=stale; fwd-status=304; stored');
    expect([revalidated.headers['x-a'], revalidated.headers['x-new']]).toEqual(['2', 'n']);
    h.clock.advanceSeconds(99);
    const hit = await get();
    expect([hit.headers['x-cache'], hit.headers['x-a'], hit.text]).toEqual(['HIT', '2', 'body-1']);
    expect(h.runs()).toBe(2);
  });

  it('a 304 renews the freshness set by middleware before the cache (which is not stored, but sent again)', async () => {
    await h.close();
    h = await startHttpPolicy({}, (app) => app.use((_req, res, next) => (res.setHeader('cache-control', 'max-age=10'), next())));
    h.answer = (_req, run) => (run === 1 ? { headers: { etag: '"v1"' }, body: 'body-1' } : { status: 304, headers: { etag: '"v1"' } });
    await get();
    h.clock.advanceSeconds(11);
    expect((await get()).headers['x-cache']).toBe('REVALIDATED');
    h.clock.advanceSeconds(5);
    const hit = await get();
    expect([hit.headers['x-cache'], hit.headers['cache-control'], hit.text]).toEqual(['HIT', 'max-age=10', 'body-1']);
    expect(h.runs()).toBe(2);
  });

  it('replaces the stored response when the route answers 200 to the revalidation', async () => {
    h.answer = (_req, run) => ({ headers: { 'cache-control': 'max-age=10', etag: `"v${run}"` }, body: `body-${run}` });
    await get();
    h.clock.advanceSeconds(11);
    const replaced = await get();
    expect(replaced.headers['cache-status']).toBe('s3verless; fwd=stale; fwd-status=200; stored');
    expect(replaced.text).toBe('body-2');
    expect((await get()).text).toBe('body-2');
  });

  it('validates a no-cache response on every use', async () => {
    h.answer = (_req, run) => (run === 1 ? { headers: { 'cache-control': 'no-cache', etag: '"a"' }, body: 'a' } : { status: 304, headers: { etag: '"a"' } });
    await get();
    expect((await get()).headers['x-cache']).toBe('REVALIDATED');
    expect(h.runs()).toBe(2);
  });

  it('answers the client 304 itself when its validators match the stored response', async () => {
    h.answer = { headers: { 'cache-control': 'max-age=60', etag: 'W/"t"' }, body: 'x' };
    await get();
    const notModified = await get({ 'if-none-match': '"other", W/"t"' });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.etag).toBe('W/"t"');
    expect(h.seen[0]['if-none-match']).toBeUndefined();
  });

  it('stale-if-error also covers an error the route throws (answered 500 by the error handler)', async () => {
    h.answer = (_req, run) => {
      if (run > 1) throw new Error('backend down');
      return { headers: { 'cache-control': 'max-age=10, stale-if-error=60' }, body: 'good' };
    };
    await get();
    h.clock.advanceSeconds(20);
    const stale = await get();
    expect([stale.status, stale.text, stale.headers['x-cache']]).toEqual([200, 'good', 'STALE']);
  });

  it('serves the stale response instead of a 5xx within stale-if-error, not past it, never with must-revalidate', async () => {
    h.answer = (_req, run) => (run === 1 ? { headers: { 'cache-control': 'max-age=10, stale-if-error=60' }, body: 'good' } : { status: 503, body: 'down' });
    await get();
    h.clock.advanceSeconds(30);
    const stale = await get();
    expect([stale.status, stale.text, stale.headers['x-cache']]).toEqual([200, 'good', 'STALE']);
    expect(stale.headers['cache-status']).toBe('s3verless; hit; ttl=-20; detail="stale-if-error"');
    h.clock.advanceSeconds(60);
    expect((await get()).status).toBe(503);
    await h.close();
    h = await startHttpPolicy();
    h.answer = (_req, run) =>
      run === 1 ? { headers: { 'cache-control': 'max-age=10, stale-if-error=60, must-revalidate' }, body: 'good' } : { status: 503, body: 'down' };
    await get();
    h.clock.advanceSeconds(30);
    expect((await get()).status).toBe(503);
  });
});
