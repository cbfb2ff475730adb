import { type ApiFixture, productBody, startApiFixture } from '../helpers/api-fixture';

/** Reads one sample value from a Prometheus text exposition. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && line !== name && !line.startsWith(`${name} `)) continue;
    if (wanted.every((pair) => line.includes(pair))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

describe('GET /metrics (Prometheus)', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApiFixture();
  });
  afterAll(() => api.close());

  it('counts HTTP requests by route pattern and status, cache outcomes per tier and for responses, S3 calls by operation', async () => {
    const before = (await api.http.get('/metrics')).text;
    const created = (await api.http.post('/products').send(productBody())).body;
    await api.http.get(`/products/${created.id}`); // response miss, data cache hit (write-through)
    await api.http.get(`/products/${created.id}`); // response hit
    await api.http.get('/products/00000000-0000-4000-8000-000000000000'); // 404
    const res = await api.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;

    const route = { method: 'GET', route: '/products/:id' };
    expect(sample(text, 'http_requests_total', { ...route, status: '200' }) - sample(before, 'http_requests_total', { ...route, status: '200' })).toBe(2);
    expect(sample(text, 'http_requests_total', { ...route, status: '404' })).toBe(1);
    expect(sample(text, 'http_requests_total', { method: 'POST', route: '/products/', status: '201' })).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count', { ...route, status: '200' })).toBeGreaterThanOrEqual(2);

    expect(sample(text, 'response_cache_events_total', { event: 'hit' })).toBe(1);
    expect(sample(text, 'response_cache_events_total', { event: 'miss' })).toBe(2);
    expect(sample(text, 'response_cache_events_total', { event: 'stored' })).toBe(1);

    expect(sample(text, 'cache_tier_hits_total', { cache: 'data', tier: '0', type: 'LRUCache' })).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/cache_tier_entries\{cache="data",tier="1",type="InMemoryCache"\} \d+/);
    expect(text).toMatch(/cache_tier_errors_total\{cache="data",tier="0",type="LRUCache"\} 0/);

    expect(sample(text, 's3_requests_total', { operation: 'PutObject', outcome: 'success' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 's3_requests_total', { operation: 'GetObject', outcome: 'not_found' })).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/s3_request_duration_seconds_bucket\{le="0.1",operation="PutObject",outcome="success"\}/);
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('uses conventional names: counters end in _total, durations in _seconds', async () => {
    const text = (await api.http.get('/metrics')).text;
    const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => ({ name, type }));
    for (const { name, type } of types) {
      if (type === 'counter') expect(name).toMatch(/_total$/);
      if (type === 'histogram' && !name.startsWith('nodejs_')) expect(name).toMatch(/_seconds$/);
    }
  });
});
