import { InMemoryCache } from '@s3verless/cache';
import { deferred, FaultyCache } from '@s3verless/cache/testing';
import { type HttpPolicyHarness, startHttpPolicy } from './helpers/http-policy';

describe("policy 'http': invalidation after unsafe requests (RFC 9111 section 4.4)", () => {
  let h: HttpPolicyHarness;
  afterEach(() => h.close());

  /** GET answers are fresh for an hour; other methods answer with the given status and headers. */
  function script(unsafe: { status: number; headers?: Record<string, string> }): void {
    h.answer = (req, run) => (req.method === 'GET' ? { headers: { 'cache-control': 'max-age=3600' }, body: `run-${run}` } : unsafe);
  }

  async function fill(...paths: string[]): Promise<void> {
    for (const path of paths) await h.server.http.get(path);
  }

  const xCache = async (path: string) => (await h.server.http.get(path)).headers['x-cache'];

  it('a successful POST invalidates its URI and the same-origin Location and Content-Location, not another origin', async () => {
    h = await startHttpPolicy();
    const host = new URL(h.server.url).host;
    script({ status: 201, headers: { location: '/r/created?x=1', 'content-location': `http://${host}/r/listing`, link: '</r/linked>' } });
    await fill('/r/items', '/r/created?x=1', '/r/listing', '/r/linked');
    expect((await h.server.http.post('/r/items').send('x')).status).toBe(201);
    expect(await xCache('/r/items')).toBe('MISS');
    expect(await xCache('/r/created?x=1')).toBe('MISS');
    expect(await xCache('/r/listing')).toBe('MISS');
    expect(await xCache('/r/linked')).toBe('HIT');
    script({ status: 200, headers: { location: 'http://elsewhere.example/r/linked' } });
    await h.server.http.delete('/r/items');
    expect(await xCache('/r/linked')).toBe('HIT');
  });

  it('a 4xx invalidates nothing; a 5xx invalidates (the change may be half-applied)', async () => {
    h = await startHttpPolicy();
    script({ status: 409 });
    await fill('/r/a');
    await h.server.http.put('/r/a');
    expect(await xCache('/r/a')).toBe('HIT');
    script({ status: 500 });
    await h.server.http.put('/r/a');
    expect(await xCache('/r/a')).toBe('MISS');
  });

  it('a GET that read before the write and ends after it does not store its older answer', async () => {
    h = await startHttpPolicy();
    const slowRead = deferred<void>();
    let data = 'old';
    h.answer = async (req) => {
      if (req.method !== 'GET') {
        data = 'new';
        return { status: 204 };
      }
      const read = data;
      if (read === 'old') await slowRead.promise;
      return { headers: { 'cache-control': 'max-age=3600' }, body: read };
    };
    const pending = h.server.http.get('/r/race').then((r) => r);
    for (let i = 0; h.runs() < 1 && i < 1000; i++) await new Promise((resolve) => setImmediate(resolve));
    await h.server.http.patch('/r/race');
    slowRead.resolve();
    expect((await pending).text).toBe('old');
    const after = await h.server.http.get('/r/race');
    expect([after.text, after.headers['x-cache']]).toEqual(['new', 'MISS']);
  });

  it('with a key option, the request\'s own key is invalidated', async () => {
    h = await startHttpPolicy({ key: (req) => `custom:${req.url?.split('?')[0]}` });
    script({ status: 200, headers: { location: '/r/other' } });
    await fill('/r/a?x=1', '/r/other');
    await h.server.http.put('/r/a?x=2');
    expect(await xCache('/r/a?x=1')).toBe('MISS');
    expect(await xCache('/r/other')).toBe('HIT');
  });

  it('holds the response until the invalidation is done, and answers 503 when it fails', async () => {
    const backend = new FaultyCache(new InMemoryCache());
    h = await startHttpPolicy({ cache: backend });
    script({ status: 200 });
    await fill('/r/a');
    backend.failWith(new Error('tier down'), ['deletePattern']);
    const failed = await h.server.http.post('/r/a');
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe('cache_invalidation_failed');
  });
});
