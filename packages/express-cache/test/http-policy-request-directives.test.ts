import { type HttpPolicyHarness, startHttpPolicy } from './helpers/http-policy';

describe("policy 'http': request directives (RFC 9111 section 5.2.1)", () => {
  let h: HttpPolicyHarness;
  beforeEach(async () => {
    h = await startHttpPolicy();
    h.answer = (_req, run) => ({ headers: { 'cache-control': 'max-age=100', etag: '"e"' }, body: `run-${run}` });
    await h.server.http.get('/r');
    h.clock.advanceSeconds(50);
  });
  afterEach(() => h.close());

  const get = (cacheControl: string) => h.server.http.get('/r').set('cache-control', cacheControl);

  it('no-cache validates the stored response first', async () => {
    const res = await get('no-cache');
    expect(h.seen[1]['if-none-match']).toBe('"e"');
    expect(res.headers['cache-status']).toBe('s3verless; fwd=request; fwd-status=200; stored');
  });

  it('no-store neither reads nor stores', async () => {
    const res = await get('no-store');
    expect(res.headers['x-cache']).toBe('BYPASS');
    expect((await h.server.http.get('/r')).text).toBe('run-1');
  });

  it('max-age: an older response is not used; a younger one is', async () => {
    expect((await get('max-age=60')).headers['x-cache']).toBe('HIT');
    expect((await get('max-age=40')).headers['x-cache']).toBe('MISS');
  });

  it('min-fresh: a response that is not fresh for long enough is not used', async () => {
    expect((await get('min-fresh=40')).headers['x-cache']).toBe('HIT');
    expect((await get('min-fresh=60')).headers['x-cache']).toBe('MISS');
  });

  it('max-stale: a stale response within the bound is used', async () => {
    h.clock.advanceSeconds(70); // 20 s stale
    const res = await get('max-stale=30');
    expect([res.headers['x-cache'], res.text]).toEqual(['STALE', 'run-1']);
    expect((await get('max-stale=10')).headers['x-cache']).toBe('MISS');
  });

  it('only-if-cached: 504 when nothing usable is stored, the stored response otherwise', async () => {
    expect((await get('only-if-cached')).status).toBe(200);
    const res = await h.server.http.get('/r/none').set('cache-control', 'only-if-cached');
    expect(res.status).toBe(504);
    expect(h.runs()).toBe(1);
  });
});
