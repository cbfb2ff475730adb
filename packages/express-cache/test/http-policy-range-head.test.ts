import { type HttpPolicyHarness, startHttpPolicy } from './helpers/http-policy';

describe("policy 'http': Range and HEAD from a stored response", () => {
  let h: HttpPolicyHarness;
  beforeEach(async () => {
    h = await startHttpPolicy();
    h.answer = { headers: { 'cache-control': 'max-age=100', etag: '"e"', 'x-a': '1' }, body: '0123456789' };
    await h.server.http.get('/r');
  });
  afterEach(() => h.close());

  const get = (headers: Record<string, string>) => h.server.http.get('/r').set(headers);

  it.each([
    ['bytes=0-1', '01', 'bytes 0-1/10'],
    ['bytes=7-', '789', 'bytes 7-9/10'],
    ['bytes=-2', '89', 'bytes 8-9/10'],
    ['bytes=5-100', '56789', 'bytes 5-9/10'],
  ])('serves %s as 206 with the stored header fields', async (range, body, contentRange) => {
    const res = await get({ range });
    expect([res.status, res.text, res.headers['content-range'], res.headers['x-a'], res.headers['x-cache']]).toEqual([206, body, contentRange, '1', 'HIT']);
  });

  it('answers 416 past the end, the whole body for several ranges or an If-Range that does not match', async () => {
    expect((await get({ range: 'bytes=20-' })).status).toBe(416);
    expect((await get({ range: 'bytes=0-1,3-4' })).text).toBe('0123456789');
    expect((await get({ range: 'bytes=0-1', 'if-range': '"other"' })).status).toBe(200);
    expect((await get({ range: 'bytes=0-1', 'if-range': '"e"' })).status).toBe(206);
  });

  it('answers HEAD from the stored GET response, without a body', async () => {
    const res = await h.server.http.head('/r');
    expect([res.status, res.headers['x-cache'], res.headers['content-length'], res.headers['x-a']]).toEqual([200, 'HIT', '10', '1']);
    expect(h.runs()).toBe(1);
  });

  it('a HEAD for a stale response goes to the route, whose matching 200 freshens the stored GET response (section 4.3.5)', async () => {
    h.clock.advanceSeconds(101);
    h.answer = { headers: { 'cache-control': 'max-age=500', etag: '"e"', 'x-b': '2' }, body: '0123456789' };
    const head = await h.server.http.head('/r');
    expect([head.headers['x-cache'], head.headers['x-a'], head.headers['x-b']]).toEqual(['REVALIDATED', '1', '2']);
    h.clock.advanceSeconds(400);
    const get = await h.server.http.get('/r');
    expect([get.headers['x-cache'], get.text, get.headers['x-b']]).toEqual(['HIT', '0123456789', '2']);
    expect(h.runs()).toBe(2);
  });

  it('a HEAD whose answer describes another representation changes nothing; with nothing stored it passes through', async () => {
    h.clock.advanceSeconds(101);
    h.answer = { headers: { 'cache-control': 'max-age=500', etag: '"other"' }, body: '0123456789' };
    expect((await h.server.http.head('/r')).headers['cache-status']).toBe('s3verless; fwd=stale; fwd-status=200; detail="head"');
    expect((await h.server.http.head('/r/none')).headers['x-cache']).toBe('MISS');
    expect((await h.server.http.get('/r/none')).headers['x-cache']).toBe('MISS');
  });
});
