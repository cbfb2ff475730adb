import {
  CompositeCache,
  InMemoryCache,
  InvalidationBusError,
  InvalidOptionError,
  LRUCache,
  TierInvalidationError,
} from '@s3verless/cache';
import { FaultyCache, MemoryBusHub } from '@s3verless/cache/testing';
import { cluster, type Cluster } from './cluster';

describe('CompositeCache bus: failures and degraded mode', () => {
  let c: Cluster;
  beforeEach(() => {
    c = cluster(['A', 'B']);
  });
  afterEach(async () => {
    await c.close();
  });

  describe('when the bus connection drops', () => {
    it('clears the local tiers at once, reports it, and leaves the shared tier alone', async () => {
      const [, b] = c.nodes;
      await b.cache.set('k', 'v');
      b.transport.disconnect();
      expect(b.l1.stats().size).toBe(0);
      expect(await c.shared.get('k')).toBe('v');
      expect(b.cache.stats().bus).toMatchObject({ connected: false, disconnects: 1 });
      expect(b.errors.map((e) => e.event)).toEqual([
        { tier: 'bus', type: 'MemoryBus', operation: 'disconnect', subject: undefined },
      ]);
      expect(b.errors[0].error).toBeInstanceOf(InvalidationBusError);
    });

    it('gives entries written into local tiers meanwhile at most degradedTtl (1 s by default)', async () => {
      const [, b] = c.nodes;
      b.transport.disconnect();
      await b.cache.set('written', 'v', 3600);
      await c.shared.set('promoted', 'p');
      expect(await b.cache.get('promoted')).toBe('p');
      await b.cache.getOrSet('filled', () => 'f');
      for (const key of ['written', 'promoted', 'filled']) {
        expect((await b.l1.getEntry(key))?.ttl).toBeCloseTo(1, 3);
      }
      expect((await c.shared.getEntry('written'))?.ttl).toBeCloseTo(3600, 3); // shared tier: as asked
      c.clock.advanceSeconds(1);
      expect(b.l1.stats().size).toBe(0);
    });

    it('bounds how long a message missed while disconnected can leave stale data', async () => {
      const [a, b] = c.nodes;
      b.transport.disconnect();
      await c.shared.set('k', 'v1');
      expect(await b.cache.get('k')).toBe('v1'); // cached in B's L1 for 1 s
      await a.cache.set('k', 'v2'); // B misses this message
      expect(b.transport.lost).toBe(1);
      expect(await b.cache.get('k')).toBe('v1'); // stale, but only until degradedTtl
      c.clock.advanceSeconds(1);
      expect(await b.cache.get('k')).toBe('v2');
    });

    it('clears the local tiers again on reconnect, and writes get their normal ttl back', async () => {
      const [, b] = c.nodes;
      b.transport.disconnect();
      await b.cache.set('k', 'v');
      expect(await b.l1.exists('k')).toBe(true);
      b.transport.reconnect();
      expect(b.l1.stats().size).toBe(0);
      expect(b.cache.stats().bus?.connected).toBe(true);
      await b.cache.set('k2', 'v');
      expect((await b.l1.getEntry('k2'))?.ttl).toBeCloseTo(60, 3);
    });

    it('revokes every lease on both transitions (messages may have been missed)', async () => {
      const [, b] = c.nodes;
      const before = await b.cache.lease('k');
      b.transport.disconnect();
      expect(before.valid).toBe(false);
      const during = await b.cache.lease('k');
      b.transport.reconnect();
      expect(during.valid).toBe(false);
      expect(await during.fill('v')).toBe(false);
    });

    it('honours a custom degradedTtl', async () => {
      const d = c.join('D', { degradedTtl: 0.25 });
      d.transport.disconnect();
      await d.cache.set('k', 'v');
      expect((await d.l1.getEntry('k'))?.ttl).toBeCloseTo(0.25, 3);
    });

    it('starts in degraded mode when the transport is not connected yet, and clears on connect', async () => {
      const hub = new MemoryBusHub();
      const transport = hub.connect();
      transport.disconnect();
      const l1 = new LRUCache({ clock: c.clock, defaultTtl: 60, cleanupInterval: null });
      const cache = new CompositeCache([l1], { bus: { transport } });
      expect(cache.stats().bus?.connected).toBe(false);
      await cache.set('k', 'v');
      expect((await l1.getEntry('k'))?.ttl).toBeCloseTo(1, 3);
      transport.reconnect();
      expect(await l1.exists('k')).toBe(false);
      await cache.close();
    });
  });

  describe('when publishing fails', () => {
    it('a set still succeeds (degrades): counted and reported', async () => {
      const [a, b] = c.nodes;
      a.transport.failPublish(new Error('bus down'));
      await expect(a.cache.set('k', 'v')).resolves.toBeUndefined();
      expect(await a.l1.get('k')).toBe('v');
      expect(await b.cache.get('k')).toBe('v');
      expect(a.cache.stats().bus).toMatchObject({ published: 0, publishFailures: 1 });
      expect(a.errors.map((e) => e.event)).toEqual([
        { tier: 'bus', type: 'MemoryBus', operation: 'publish', subject: 'set k' },
      ]);
    });

    it.each([
      ['delete', (x: CompositeCache) => x.delete('k')],
      ['deleteMany', (x: CompositeCache) => x.deleteMany(['k', 'j'])],
      ['deletePattern', (x: CompositeCache) => x.deletePattern('k*')],
      ['clear', (x: CompositeCache) => x.clear()],
    ])('a %s is not lost silently: every tier is invalidated, then it rejects', async (operation, run) => {
      const [a] = c.nodes;
      await a.cache.set('k', 'v');
      a.transport.failPublish(new Error('bus down'));
      const error = await run(a.cache).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TierInvalidationError);
      expect((error as TierInvalidationError).operation).toBe(operation);
      expect((error as TierInvalidationError).failures).toEqual([{ tier: 'bus', error: new Error('bus down') }]);
      expect((error as Error).message).toMatch(/could not reach the invalidation bus/);
      expect(await a.l1.exists('k')).toBe(false);
      expect(await c.shared.exists('k')).toBe(false);
      expect(a.cache.stats().bus?.publishFailures).toBe(1);
    });

    it('lists a failed tier and the bus together', async () => {
      const hub = new MemoryBusHub();
      const transport = hub.connect();
      const broken = new FaultyCache(new InMemoryCache({ cleanupInterval: null })).failWith(new Error('redis down'), ['delete']);
      const cache = new CompositeCache([new LRUCache({ cleanupInterval: null }), broken], { bus: { transport } });
      transport.disconnect();
      const error = (await cache.delete('k').catch((e: unknown) => e)) as TierInvalidationError;
      expect(error.failures.map((f) => f.tier)).toEqual([1, 'bus']);
      expect(error.message).toMatch(/tier\(s\) 1 and the invalidation bus/);
      await cache.close();
    });
  });

  describe('malformed messages', () => {
    it.each([
      ['not JSON', 'hello'],
      ['another version', JSON.stringify({ v: 2, origin: 'X', op: 'clear' })],
      ['an unknown op', JSON.stringify({ v: 1, origin: 'X', op: 'flushall' })],
      ['keys that are not strings', JSON.stringify({ v: 1, origin: 'X', op: 'delete', keys: [1] })],
      ['a pattern missing', JSON.stringify({ v: 1, origin: 'X', op: 'deletePattern' })],
    ])('drops %s, counts it and reports it; nothing is evicted', async (_label, text) => {
      const [a, b] = c.nodes;
      await b.l1.set('k', 'v');
      c.hub.inject(text);
      expect(await b.l1.get('k')).toBe('v');
      for (const node of [a, b]) {
        expect(node.cache.stats().bus).toMatchObject({ malformed: 1, received: 0 });
        expect(node.errors.map((e) => e.event.operation)).toEqual(['receive']);
      }
    });
  });

  describe('close and ownership', () => {
    it('closes the transport it owns (default) and stops applying messages', async () => {
      const [a, b] = c.nodes;
      await b.cache.close();
      expect(b.transport.connected).toBe(false);
      await expect(a.cache.set('k', 'v')).resolves.toBeUndefined();
      expect(b.transport.received).toBe(0);
    });

    it('leaves a shared transport open with closeTransport: false', async () => {
      const hub = new MemoryBusHub();
      const transport = hub.connect();
      const one = new CompositeCache([new LRUCache({ cleanupInterval: null })], { bus: { transport, closeTransport: false } });
      const two = new CompositeCache([new LRUCache({ cleanupInterval: null })], { bus: { transport, closeTransport: false } });
      await one.close();
      expect(transport.connected).toBe(true);
      await two.set('k', 'v');
      expect(two.stats().bus?.published).toBe(1);
      await two.close();
      await transport.close();
    });

    it('two caches on one transport evict each other, each ignoring only its own messages', async () => {
      const hub = new MemoryBusHub();
      const transport = hub.connect();
      const l1 = new LRUCache({ cleanupInterval: null });
      const l2 = new LRUCache({ cleanupInterval: null });
      const one = new CompositeCache([l1], { bus: { transport, closeTransport: false } });
      const two = new CompositeCache([l2], { bus: { transport, closeTransport: false } });
      await two.set('k', 'old');
      await one.set('k', 'new');
      expect(await l2.exists('k')).toBe(false);
      expect(await l1.get('k')).toBe('new');
      await Promise.all([one.close(), two.close(), transport.close()]);
    });
  });

  describe('options', () => {
    const hub = new MemoryBusHub();
    const lru = () => new LRUCache({ cleanupInterval: null });

    it('recognises LRUCache and InMemoryCache as local tiers by default, nothing else', () => {
      const redisLike = new FaultyCache(new InMemoryCache({ cleanupInterval: null }));
      expect(() => new CompositeCache([redisLike], { bus: { transport: hub.connect() } })).toThrow(/no tier is in-process/);
      expect(() => new CompositeCache([redisLike], { bus: { transport: hub.connect(), localTiers: [0] } })).not.toThrow();
    });

    it.each([
      ['a transport that is not a bus', { transport: {} }, /bus\.transport/],
      ['a tier position out of range', { localTiers: [2] }, /bus\.localTiers.*0 to 1/],
      ['duplicate tier positions', { localTiers: [0, 0] }, /bus\.localTiers/],
      ['an empty localTiers', { localTiers: [] }, /no tier is in-process/],
      ['a degradedTtl of 0', { degradedTtl: 0 }, /bus\.degradedTtl/],
      ['an infinite degradedTtl', { degradedTtl: Infinity }, /bus\.degradedTtl/],
      ['a closeTransport that is not boolean', { closeTransport: 'yes' }, /bus\.closeTransport/],
      ['an empty instanceId', { instanceId: '' }, /bus\.instanceId/],
      ['an unknown option', { localTier: [0] }, /localTier.*known options/],
    ])('rejects %s', (_label, options, message) => {
      const bus = { transport: hub.connect(), ...options } as never;
      const build = () => new CompositeCache([lru(), new InMemoryCache({ cleanupInterval: null })], { bus });
      expect(build).toThrow(InvalidOptionError);
      expect(build).toThrow(message);
    });

    it('reports the bus in stats() only when there is one', () => {
      expect(new CompositeCache([lru()]).stats()).not.toHaveProperty('bus');
      const cache = new CompositeCache([lru()], { bus: { transport: hub.connect(), instanceId: 'api-1' } });
      expect(cache.stats().bus).toEqual({
        instanceId: 'api-1', connected: true, published: 0, received: 0, ignoredOwn: 0,
        malformed: 0, publishFailures: 0, disconnects: 0,
      });
    });
  });
});
