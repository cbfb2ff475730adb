import { type HttpPolicyHarness, httpDate, startHttpPolicy } from './helpers/http-policy';

describe("policy 'http': stored header fields (RFC 9111 section 3.1)", () => {
  let h: HttpPolicyHarness;
  beforeEach(async () => {
    h = await startHttpPolicy({}, (app) => {
      // Middleware before the cache runs on every request: what it sets is not part of the stored response.
      app.use((_req, res, next) => {
        res.setHeader('x-request-scope', 'per-request');
        next();
      });
    });
  });
  afterEach(() => h.close());

  it('replays every end-to-end field and the original Date, with Age computed', async () => {
    const date = httpDate(h.clock);
    h.answer = {
      headers: {
        'cache-control': 'max-age=600', date, 'content-type': 'text/plain', 'x-anything': 'a',
        'content-security-policy': "default-src 'self'", link: ['</a>; rel=preload', '</b>; rel=preload'],
      },
      body: 'body',
    };
    await h.server.http.get('/r');
    h.clock.advanceSeconds(42);
    const hit = await h.server.http.get('/r');
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.headers.date).toBe(date);
    expect(hit.headers.age).toBe('42');
    expect(hit.headers['x-anything']).toBe('a');
    expect(hit.headers['content-security-policy']).toBe("default-src 'self'");
    expect(hit.headers.link).toBe('</a>; rel=preload, </b>; rel=preload');
    expect(hit.text).toBe('body');
  });

  it('drops hop-by-hop fields, those Connection lists and those a qualified no-cache names', async () => {
    h.answer = {
      headers: {
        'cache-control': 'max-age=600, no-cache="x-secret"', connection: 'x-hop', 'x-hop': '1', 'keep-alive': 'timeout=5',
        'proxy-authenticate': 'Basic', 'x-secret': 's', 'x-kept': 'k',
      },
    };
    await h.server.http.get('/r');
    const hit = await h.server.http.get('/r');
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.headers['x-kept']).toBe('k');
    for (const name of ['x-hop', 'proxy-authenticate', 'x-secret']) expect(hit.headers[name]).toBeUndefined();
    expect(hit.headers['keep-alive']).not.toBe('timeout=5');
  });

  it('adds a Date to a response without one (the time it was received), kept on every hit', async () => {
    h.answer = { headers: { 'cache-control': 'max-age=600' } };
    await h.server.http.get('/r');
    h.clock.advanceSeconds(100);
    const hit = await h.server.http.get('/r');
    expect(hit.headers.date).toBe(httpDate(h.clock, -100));
  });

  it('does not store what middleware before the cache set, and never a response with Set-Cookie', async () => {
    h.answer = { headers: { 'cache-control': 'max-age=600' } };
    await h.server.http.get('/r');
    const record = await h.cache.get<{ variants: Array<{ headers: Array<[string, string]> }> }>(await onlyKey(h));
    expect(record!.variants[0].headers.map(([name]) => name)).not.toContain('x-request-scope');
    h.answer = { headers: { 'cache-control': 'max-age=600', 'set-cookie': 'session=abc' } };
    await h.server.http.get('/r/cookie');
    const again = await h.server.http.get('/r/cookie');
    expect(again.headers['x-cache']).toBe('MISS');
    expect(again.headers['cache-status']).toBe('s3verless; fwd=miss; detail="set-cookie"');
  });

  it('stores plain JSON (a Redis tier can hold it)', async () => {
    h.answer = { headers: { 'cache-control': 'max-age=600', etag: '"x"' }, body: 'é' };
    await h.server.http.get('/r');
    const record = await h.cache.get(await onlyKey(h));
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    expect(record).toMatchObject({ v: 2, variants: [{ status: 200, body: Buffer.from('é').toString('base64') }] });
  });
});

async function onlyKey(h: HttpPolicyHarness): Promise<string> {
  const stored = h.events.filter((e) => e.type === 'stored').map((e) => e.key!);
  // The write happens after the response is sent: wait for it.
  for (let i = 0; stored.length === 0 && i < 100; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    stored.push(...h.events.filter((e) => e.type === 'stored').map((e) => e.key!));
  }
  return stored[stored.length - 1];
}
