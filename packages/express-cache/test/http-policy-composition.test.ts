import { RedisCache } from '@s3verless/cache/redis';
import { deferred } from '@s3verless/cache/testing';
import { describeWithRedis, redisUrl, throwAwayPrefixes } from '../../cache/test/helpers/redis';
import { type HttpPolicyHarness, startHttpPolicy } from './helpers/http-policy';

describe("policy 'http' with coalescing, credentials and events", () => {
  let h: HttpPolicyHarness;
  afterEach(() => h.close());

  it('concurrent misses run the route once; a waiter with other Vary values runs it itself', async () => {
    h = await startHttpPolicy();
    const gate = deferred<void>();
    h.answer = async (req) => {
      await gate.promise;
      return { headers: { 'cache-control': 'max-age=60', vary: 'x-v' }, body: String(req.headers['x-v']) };
    };
    const same = [1, 2, 3].map(() => h.server.http.get('/r').set('x-v', 'a').then((r) => r));
    for (let i = 0; h.runs() < 1 && i < 1000; i++) await new Promise((resolve) => setImmediate(resolve));
    const other = h.server.http.get('/r').set('x-v', 'b').then((r) => r);
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    gate.resolve();
    const answers = await Promise.all([...same, other]);
    expect(answers.map((r) => r.text)).toEqual(['a', 'a', 'a', 'b']);
    expect(answers.filter((r) => r.headers['cache-status'] === 's3verless; fwd=miss; collapsed')).toHaveLength(2);
    expect(h.runs()).toBe(2);
  });

  it('Authorization: never answered from storage; stored for others only when the response allows it (section 3.5)', async () => {
    h = await startHttpPolicy();
    h.answer = (req) => ({ headers: { 'cache-control': req.url === '/r/public' ? 'public, max-age=60' : 'max-age=60' }, body: 'x' });
    await h.server.http.get('/r/private').set('authorization', 'Bearer t');
    expect((await h.server.http.get('/r/private')).headers['x-cache']).toBe('MISS');
    await h.server.http.get('/r/public').set('authorization', 'Bearer t');
    expect((await h.server.http.get('/r/public')).headers['x-cache']).toBe('HIT');
    expect((await h.server.http.get('/r/public').set('authorization', 'Bearer t')).headers['x-cache']).toBe('MISS');
    expect((await h.server.http.get('/r/public').set('cookie', 'a=b')).headers['x-cache']).toBe('BYPASS');
  });

  it('reports hits, revalidations and misses with their reasons', async () => {
    h = await startHttpPolicy();
    h.answer = (_req, run) => (run === 1 ? { headers: { 'cache-control': 'max-age=5', etag: '"a"' }, body: 'a' } : { status: 304, headers: { etag: '"a"' } });
    await h.server.http.get('/r');
    await h.server.http.get('/r');
    h.clock.advanceSeconds(6);
    await h.server.http.get('/r');
    const seen = h.events.filter((e) => e.type !== 'stored').map((e) => [e.type, e.reason]);
    expect(seen).toEqual([['miss', undefined], ['hit', undefined], ['miss', 'stale'], ['hit', 'revalidated']]);
    expect(h.responses.stats()).toMatchObject({ hits: 2, misses: 2, stored: 2 });
  });
});

describeWithRedis("policy 'http' on a Redis backend", () => {
  const prefixes = throwAwayPrefixes();
  const harnesses: HttpPolicyHarness[] = [];
  const caches: RedisCache[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    for (const cache of caches.splice(0)) await cache.close();
  });

  it('an entry stored by one instance is served, aged and revalidated by another', async () => {
    const prefix = prefixes.fresh('http-policy');
    const [a, b] = await Promise.all([0, 1].map(async () => {
      const cache = new RedisCache({ url: redisUrl, prefix });
      caches.push(cache);
      const h = await startHttpPolicy({ cache });
      harnesses.push(h);
      return h;
    }));
    a.answer = { headers: { 'cache-control': 'max-age=30', etag: '"r"', vary: 'x-v' }, body: 'from-a' };
    await a.server.http.get('/r').set('x-v', '1');
    for (let i = 0; !a.events.some((e) => e.type === 'stored') && i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    b.clock.advanceSeconds(10);
    const hit = await b.server.http.get('/r').set('x-v', '1');
    expect([hit.text, hit.headers['x-cache'], hit.headers.age]).toEqual(['from-a', 'HIT', '10']);
    b.clock.advanceSeconds(25);
    b.answer = { status: 304, headers: { etag: '"r"' } };
    const revalidated = await b.server.http.get('/r').set('x-v', '1');
    expect([revalidated.text, revalidated.headers['x-cache']]).toEqual(['from-a', 'REVALIDATED']);
    expect(b.seen[0]['if-none-match']).toBe('"r"');
  });
});
