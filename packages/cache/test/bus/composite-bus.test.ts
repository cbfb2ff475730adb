import { CompositeCache, decodeBusMessage, LRUCache } from '@s3verless/cache';
import { deferred, flushMicrotasks, MemoryBusHub } from '@s3verless/cache/testing';
import { cluster, type Cluster } from './cluster';

describe('CompositeCache with an invalidation bus (several instances)', () => {
  let c: Cluster;
  afterEach(async () => {
    await c.close();
  });

  /** Makes `node` hold `key` in its L1 by reading it through the shared tier. */
  async function warm(nodeIndex: number, key: string, value: unknown): Promise<void> {
    await c.shared.set(key, value);
    expect(await c.nodes[nodeIndex].cache.get(key)).toEqual(value);
    expect(await c.nodes[nodeIndex].l1.get(key)).toEqual(value);
  }

  describe('propagation', () => {
    beforeEach(() => {
      c = cluster(['A', 'B', 'C']);
    });

    it('a set on A evicts the key from the L1 of B and C, which then read the new value', async () => {
      const [a, b, cc] = c.nodes;
      await warm(1, 'k', 'v1');
      await warm(2, 'k', 'v1');
      await a.cache.set('k', 'v2');
      expect(await b.l1.exists('k')).toBe(false);
      expect(await cc.l1.exists('k')).toBe(false);
      expect(await b.cache.get('k')).toBe('v2');
      expect(await cc.cache.get('k')).toBe('v2');
    });

    it('without the message B would have served its old copy (control)', async () => {
      const [a, b] = c.nodes;
      await warm(1, 'k', 'v1');
      b.transport.dropIncoming(1);
      await a.cache.set('k', 'v2');
      expect(await b.cache.get('k')).toBe('v1');
    });

    it('a delete on A evicts the key from B', async () => {
      const [a, b] = c.nodes;
      await warm(1, 'k', 'v');
      expect(await a.cache.delete('k')).toBe(true);
      expect(await b.l1.exists('k')).toBe(false);
      expect(await b.cache.get('k')).toBeUndefined();
    });

    it('deleteMany on A evicts those keys from B', async () => {
      const [a, b] = c.nodes;
      await warm(1, 'x', 1);
      await warm(1, 'y', 2);
      await warm(1, 'z', 3);
      expect(await a.cache.deleteMany(['x', 'y'])).toBe(2);
      expect(await b.l1.getMany(['x', 'y', 'z'])).toEqual(new Map([['z', 3]]));
    });

    it('deletePattern on A evicts the matching keys from B and leaves the others', async () => {
      const [a, b] = c.nodes;
      await warm(1, 's3v:list:Product:1', [1]);
      await warm(1, 's3v:list:Product:2', [2]);
      await warm(1, 's3v:model:Product:1', { id: 1 });
      expect(await a.cache.deletePattern('s3v:list:Product:*')).toBe(2);
      expect(b.l1.stats().size).toBe(1);
      expect(await b.l1.get('s3v:model:Product:1')).toEqual({ id: 1 });
    });

    it('clear on A empties the L1 of B', async () => {
      const [a, b] = c.nodes;
      await warm(1, 'x', 1);
      await warm(1, 'y', 2);
      await a.cache.clear();
      expect(b.l1.stats().size).toBe(0);
    });

    it('leaves the shared tier alone on the receiving side (the writer already wrote it)', async () => {
      const [a, b] = c.nodes;
      const deletes = jest.spyOn(c.shared, 'delete');
      await a.cache.set('k', 'v');
      expect(deletes).not.toHaveBeenCalled();
      expect(await c.shared.get('k')).toBe('v');
      expect(await b.cache.get('k')).toBe('v');
    });

    it('ignores its own messages: the writer keeps its fresh L1 copy', async () => {
      const [a, b, cc] = c.nodes;
      await a.cache.set('k', 'v');
      expect(await a.l1.get('k')).toBe('v');
      expect(a.cache.stats().bus).toMatchObject({ published: 1, ignoredOwn: 1, received: 0 });
      expect(b.cache.stats().bus).toMatchObject({ published: 0, ignoredOwn: 0, received: 1 });
      expect(cc.cache.stats().bus?.received).toBe(1);
    });

    it('sends keys and patterns, never values', async () => {
      const [a] = c.nodes;
      const secret = 'value-that-must-not-travel';
      await a.cache.set('k1', { secret });
      await a.cache.setMany([['k2', secret]]);
      await a.cache.getOrSet('k3', () => secret);
      await a.cache.delete('k1');
      await a.cache.deletePattern('k*');
      await a.cache.clear();
      for (const text of c.hub.log) {
        expect(text).not.toContain(secret);
        const message = decodeBusMessage(text);
        expect(Object.keys(message).sort()).toEqual(expect.arrayContaining(['op', 'origin']));
        expect(Object.keys(JSON.parse(text)).every((f) => ['v', 'origin', 'op', 'keys', 'pattern', 'sentAt'].includes(f))).toBe(true);
      }
      // A fill (getOrSet) stores what the source holds now: it makes no other copy stale, so it is not announced.
      expect(c.hub.log.map((t) => decodeBusMessage(t).op)).toEqual(['set', 'set', 'delete', 'deletePattern', 'clear']);
    });

    it('does not announce a deleteMany of no keys', async () => {
      await c.nodes[0].cache.deleteMany([]);
      expect(c.hub.log).toEqual([]);
    });

    it('reports the propagation delay of the last message received', async () => {
      const [a, b] = c.nodes;
      expect(b.cache.stats().bus?.lastPropagationMs).toBeUndefined();
      await a.cache.delete('k');
      const delay = b.cache.stats().bus?.lastPropagationMs as number;
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(1000);
    });
  });

  describe('stale sets across instances', () => {
    beforeEach(() => {
      c = cluster(['A', 'B']);
    });

    it.each([
      ['set', (n: Cluster['nodes'][number]) => n.cache.set('k', 'new'), 'new'],
      ['delete', (n: Cluster['nodes'][number]) => n.cache.delete('k'), undefined],
      ['deletePattern', (n: Cluster['nodes'][number]) => n.cache.deletePattern('k*'), undefined],
      ['clear', (n: Cluster['nodes'][number]) => n.cache.clear(), undefined],
    ])('a getOrSet in flight on B does not store what it read before a %s on A', async (_label, write, after) => {
      const [a, b] = c.nodes;
      const gate = deferred<string>();
      let loading = false;
      const pending = b.cache.getOrSet('k', () => ((loading = true), gate.promise));
      while (!loading) await flushMicrotasks(); // the loader is reading the source
      await write(a);
      gate.resolve('old');
      expect(await pending).toBe('old'); // returned to its caller, who asked before the write
      expect(await b.l1.get('k')).toBeUndefined();
      expect(await c.shared.get('k')).toEqual(after);
      expect(await b.cache.get('k')).toEqual(after);
    });

    it('holds even when the message reaches B after B filled: the shared tier refuses first', async () => {
      const [a, b] = c.nodes;
      const gate = deferred<string>();
      let loading = false;
      const pending = b.cache.getOrSet('k', () => ((loading = true), gate.promise));
      while (!loading) await flushMicrotasks(); // the loader is reading the source
      c.hub.pause(); // A's message is on its way, not yet delivered
      await a.cache.set('k', 'new');
      gate.resolve('old');
      await pending;
      expect(await b.l1.get('k')).toBeUndefined(); // L2 refused the stale fill, so L1 never got it
      expect(await c.shared.get('k')).toBe('new');
      c.hub.resume();
      expect(await b.cache.get('k')).toBe('new');
    });

    it('revokes a lease taken through composite.lease() on B when A invalidates the key', async () => {
      const [a, b] = c.nodes;
      const lease = await b.cache.lease('s3v:list:1');
      const other = await b.cache.lease('s3v:model:1');
      await a.cache.deletePattern('s3v:list:*');
      expect(lease.valid).toBe(false);
      expect(other.valid).toBe(true);
      expect(await lease.fill(['old'])).toBe(false);
      expect(await other.fill({ id: 1 })).toBe(true);
      expect(await b.cache.exists('s3v:list:1')).toBe(false);
    });

    it('revokes B\'s lease through the message alone when there is no shared tier', async () => {
      const hub = new MemoryBusHub();
      const a = new CompositeCache([new LRUCache({ cleanupInterval: null })], { bus: { transport: hub.connect() } });
      const b = new CompositeCache([new LRUCache({ cleanupInterval: null })], { bus: { transport: hub.connect() } });
      const lease = await b.lease('k');
      hub.pause();
      await a.delete('k');
      expect(lease.valid).toBe(true); // the message has not arrived: nothing else can tell B
      hub.resume();
      expect(lease.valid).toBe(false);
      expect(await lease.fill('old')).toBe(false);
      expect(await b.exists('k')).toBe(false);
      await Promise.all([a.close(), b.close()]);
    });

    it('does not promote into B\'s L1 a value A overwrote during B\'s read of the shared tier', async () => {
      const [a, b] = c.nodes;
      await c.shared.set('k', 'old');
      const gate = deferred();
      const realGetEntry = c.shared.getEntry.bind(c.shared);
      const read = jest.spyOn(c.shared, 'getEntry').mockImplementationOnce(async (key) => {
        const entry = await realGetEntry(key);
        await gate.promise;
        return entry;
      });
      const pending = b.cache.get('k');
      await flushMicrotasks();
      await a.cache.set('k', 'new');
      gate.resolve();
      expect(await pending).toBe('old');
      expect(await b.l1.get('k')).toBeUndefined();
      expect(await b.cache.get('k')).toBe('new');
      read.mockRestore();
    });
  });
});
