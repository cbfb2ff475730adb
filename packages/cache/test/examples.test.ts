/** The README's runnable example must keep working. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require('../examples/quick-start.js') as { main: () => Promise<Record<string, unknown>> };

describe('packages/cache/examples/quick-start.js', () => {
  it('runs and shows write-through plus list invalidation', async () => {
    const result = await main();
    expect(result.product).toEqual({ id: 'abc123', name: 'Desk lamp', price: 34.9 });
    expect(result.listKey).toMatch(/^myapp:list:Product:[0-9a-f]{16}$/);
    expect(result.dropped).toBe(1);
    expect(result.stats).toEqual({
      tiers: [expect.objectContaining({ type: 'LRUCache' }), expect.objectContaining({ type: 'InMemoryCache' })],
    });
  });
});
