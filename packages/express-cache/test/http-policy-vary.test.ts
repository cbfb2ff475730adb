import { type HttpPolicyHarness, startHttpPolicy } from './helpers/http-policy';

describe("policy 'http': Vary and variants (RFC 9111 section 4.1)", () => {
  let h: HttpPolicyHarness;
  beforeEach(async () => {
    h = await startHttpPolicy({ maxVariants: 2 });
    h.answer = (req) => ({ headers: { 'cache-control': 'max-age=100', vary: 'Accept-Language, X-Tier' }, body: `${req.headers['accept-language']}|${req.headers['x-tier']}` });
  });
  afterEach(() => h.close());

  const get = (headers: Record<string, string>) => h.server.http.get('/r').set(headers);

  it('keeps one stored response per selecting values, under the one key of the resource', async () => {
    await get({ 'accept-language': 'en, de' });
    await get({ 'accept-language': 'fr' });
    const en = await get({ 'accept-language': 'DE,EN' }); // order, case and spaces do not matter
    expect([en.headers['x-cache'], en.text]).toEqual(['HIT', 'en, de|undefined']);
    const fr = await get({ 'accept-language': 'fr' });
    expect([fr.headers['x-cache'], fr.text]).toEqual(['HIT', 'fr|undefined']);
    const keys = new Set(h.events.filter((e) => e.type === 'stored').map((e) => e.key));
    expect(keys.size).toBe(1);
  });

  it('a header absent from the request matches only a stored response made without it', async () => {
    await get({ 'accept-language': 'en', 'x-tier': 'gold' });
    const miss = await get({ 'accept-language': 'en' });
    expect(miss.headers['cache-status']).toBe('s3verless; fwd=vary-miss; stored');
  });

  it('bounds the variants of a resource (most recent kept)', async () => {
    await get({ 'accept-language': 'a' });
    await get({ 'accept-language': 'b' });
    await get({ 'accept-language': 'c' });
    expect((await get({ 'accept-language': 'c' })).headers['x-cache']).toBe('HIT');
    expect((await get({ 'accept-language': 'b' })).headers['x-cache']).toBe('HIT');
    expect((await get({ 'accept-language': 'a' })).headers['x-cache']).toBe('MISS');
  });

  it('never stores Vary: *', async () => {
    h.answer = { headers: { 'cache-control': 'max-age=100', vary: 'Foo, *' } };
    await get({});
    expect((await get({})).headers['cache-status']).toBe('s3verless; fwd=miss; detail="vary-star"');
  });

  it('invalidation removes every variant', async () => {
    await get({ 'accept-language': 'a' });
    await get({ 'accept-language': 'b' });
    await h.responses.invalidate(h.responses.pathPattern('/r'));
    expect((await get({ 'accept-language': 'a' })).headers['x-cache']).toBe('MISS');
    expect((await get({ 'accept-language': 'b' })).headers['x-cache']).toBe('MISS');
  });
});
