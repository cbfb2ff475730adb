import { type HttpPolicyHarness, httpDate, startHttpPolicy } from './helpers/http-policy';

describe("policy 'http': freshness (RFC 9111 section 4.2)", () => {
  let h: HttpPolicyHarness;
  beforeEach(async () => {
    h = await startHttpPolicy();
  });
  afterEach(() => h.close());

  const get = (path = '/r', headers: Record<string, string> = {}) => h.server.http.get(path).set(headers);

  it('is fresh for max-age, minus the Age the origin sent, then goes to the route', async () => {
    h.answer = { headers: { 'cache-control': 'max-age=100', age: '40' }, body: 'v1' };
    expect((await get()).headers['x-cache']).toBe('MISS');
    h.clock.advanceSeconds(59);
    const hit = await get();
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.headers.age).toBe('99');
    expect(hit.headers['cache-status']).toBe('s3verless; hit; ttl=1');
    h.clock.advanceSeconds(1);
    expect((await get()).headers['x-cache']).toBe('MISS');
    expect(h.runs()).toBe(2);
  });

  it('prefers s-maxage over max-age, both ways', async () => {
    h.answer = { headers: { 'cache-control': 'max-age=1000, s-maxage=10' } };
    await get();
    h.clock.advanceSeconds(11);
    expect((await get()).headers['x-cache']).toBe('MISS');
    h.answer = { headers: { 'cache-control': 'max-age=1, s-maxage=1000' } };
    await get('/r/2');
    h.clock.advanceSeconds(11);
    expect((await get('/r/2')).headers['x-cache']).toBe('HIT');
  });

  it('uses Expires minus Date, apparent age included; an invalid Expires is already stale', async () => {
    h.answer = { headers: { date: httpDate(h.clock), expires: httpDate(h.clock, 30) } };
    await get();
    h.clock.advanceSeconds(29);
    expect((await get()).headers['x-cache']).toBe('HIT');
    h.answer = { headers: { date: httpDate(h.clock), expires: '0' } };
    await get('/r/invalid');
    expect((await get('/r/invalid')).headers['x-cache']).toBe('MISS');
    // A Date an hour in the past: the response is an hour old when it arrives (apparent age).
    h.answer = { headers: { date: httpDate(h.clock, -3600), 'cache-control': 'max-age=1800' } };
    await get('/r/old');
    expect((await get('/r/old')).headers['x-cache']).toBe('MISS');
  });

  it('treats an invalid max-age as stale instead of falling back to anything else', async () => {
    h.answer = { headers: { 'cache-control': 'max-age=-5', expires: httpDate(h.clock, 600), date: httpDate(h.clock) } };
    await get();
    expect((await get()).headers['x-cache']).toBe('MISS');
    expect(h.events.filter((e) => e.type === 'not-stored').map((e) => e.reason)).toEqual(['stale', 'stale']);
  });

  it('gives heuristic freshness (10% of the Last-Modified age, capped by heuristicMaxAge) only to heuristically cacheable statuses', async () => {
    await h.close();
    h = await startHttpPolicy({ heuristicMaxAge: 50 });
    h.answer = { headers: { date: httpDate(h.clock), 'last-modified': httpDate(h.clock, -300) } };
    await get();
    h.clock.advanceSeconds(29);
    expect((await get()).headers['x-cache']).toBe('HIT');
    h.clock.advanceSeconds(2);
    expect((await get()).headers['x-cache']).toBe('MISS'); // 30 s = 10% of 300 s
    h.answer = { headers: { date: httpDate(h.clock), 'last-modified': httpDate(h.clock, -100_000) } };
    await get('/r/cap');
    h.clock.advanceSeconds(51);
    expect((await get('/r/cap')).headers['x-cache']).toBe('MISS'); // capped at 50 s
    h.answer = { status: 201, headers: { date: httpDate(h.clock), 'last-modified': httpDate(h.clock, -300) } };
    await get('/r/201');
    expect((await get('/r/201')).headers['x-cache']).toBe('MISS');
    expect(h.events.some((e) => e.type === 'not-stored' && e.reason === 'no-freshness')).toBe(true);
  });

  it('does not store a response without freshness or validator', async () => {
    h.answer = { body: 'plain' };
    await get();
    expect((await get()).headers['x-cache']).toBe('MISS');
  });

  it('obeys CDN-Cache-Control over Cache-Control and Expires, and ignores an invalid one', async () => {
    h.answer = { headers: { 'cache-control': 'no-store', 'cdn-cache-control': 'max-age=60' } };
    await get('/r/a');
    expect((await get('/r/a')).headers['x-cache']).toBe('HIT');
    h.answer = { headers: { 'cache-control': 'max-age=600', 'cdn-cache-control': 'max-age=5' } };
    await get('/r/b');
    h.clock.advanceSeconds(6);
    expect((await get('/r/b')).headers['x-cache']).toBe('MISS');
    h.answer = { headers: { 'cache-control': 'no-store', 'cdn-cache-control': 'max-age="60"' } };
    await get('/r/c');
    expect((await get('/r/c')).headers['x-cache']).toBe('MISS');
  });

  it('targetedCacheControl names the fields obeyed, in order; [] obeys Cache-Control alone', async () => {
    await h.close();
    h = await startHttpPolicy({ targetedCacheControl: ['App-Cache-Control', 'CDN-Cache-Control'] });
    h.answer = { headers: { 'cache-control': 'no-store', 'cdn-cache-control': 'no-store', 'app-cache-control': 'max-age=60' } };
    await get('/r/a');
    expect((await get('/r/a')).headers['x-cache']).toBe('HIT');
    await h.close();
    h = await startHttpPolicy({ targetedCacheControl: [] });
    h.answer = { headers: { 'cache-control': 'no-store', 'cdn-cache-control': 'max-age=60' } };
    await get('/r/b');
    expect((await get('/r/b')).headers['x-cache']).toBe('MISS');
  });

  it('stores any final status with explicit freshness, but not a must-understand status it does not know', async () => {
    h.answer = { status: 503, headers: { 'cache-control': 'max-age=60' }, body: 'down' };
    await get('/r/503');
    const hit = await get('/r/503');
    expect([hit.status, hit.headers['x-cache'], hit.text]).toEqual([503, 'HIT', 'down']);
    h.answer = { status: 599, headers: { 'cache-control': 'max-age=60, no-store, must-understand' } };
    await get('/r/599');
    expect((await get('/r/599')).headers['x-cache']).toBe('MISS');
    h.answer = { status: 200, headers: { 'cache-control': 'max-age=60, no-store, must-understand' } };
    await get('/r/200');
    expect((await get('/r/200')).headers['x-cache']).toBe('HIT');
  });
});
