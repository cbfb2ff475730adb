import {
  CompositeCache,
  InvalidOptionError,
  LRUCache,
  type InvalidationMessage,
} from '@s3verless/cache';
import { RedisCache, RedisInvalidationBus } from '@s3verless/cache/redis';
import { deferred } from '@s3verless/cache/testing';
import type { Redis } from 'ioredis';
import { freePort, killConnection, nextConnection, nextMessage } from '../helpers/bus';
import { describeWithRedis, inspector, redisUrl, removePrefix, uniquePrefix } from '../helpers/redis';

describe('RedisInvalidationBus options', () => {
  it.each([
    ['neither url nor client', {}, /url/],
    ['both url and client', { url: redisUrl, client: {} }, /not both/],
    ['a url that is not redis://', { url: 'http://x' }, /url/],
    ['an empty channel', { url: redisUrl, channel: '' }, /channel/],
    ['a zero publishTimeout', { url: redisUrl, publishTimeout: 0 }, /publishTimeout/],
    ['a client that is not ioredis', { client: {} }, /client/],
    ['an unknown option', { url: redisUrl, chanel: 'x' }, /chanel/],
  ])('rejects %s', (_label, options, message) => {
    expect(() => new RedisInvalidationBus(options as never)).toThrow(InvalidOptionError);
    expect(() => new RedisInvalidationBus(options as never)).toThrow(message);
  });
});

describeWithRedis('RedisInvalidationBus against a real Redis', () => {
  let admin: Redis;
  let channel: string;
  const open: Array<{ close(): Promise<void> }> = [];

  const bus = (options: { channel?: string; client?: Redis } = {}): RedisInvalidationBus => {
    // A heartbeat every 50 ms (default 1000): a false alarm (an answer taken for silence) would break these tests.
    const common = { channel: options.channel ?? channel, heartbeatInterval: 50 };
    const made = options.client
      ? new RedisInvalidationBus({ client: options.client, ...common })
      : new RedisInvalidationBus({ url: redisUrl, ...common });
    open.push(made);
    return made;
  };

  beforeAll(() => {
    admin = inspector();
  });
  beforeEach(() => {
    channel = uniquePrefix('bus');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((o) => o.close()));
  });
  afterAll(async () => {
    await admin.quit();
  });

  it('carries messages both ways, each bus also hearing its own', async () => {
    const a = bus();
    const b = bus();
    await Promise.all([a.ready(), b.ready()]);
    const atB = nextMessage(b);
    const echoAtA = nextMessage(a);
    await a.publish({ origin: 'A', op: 'deletePattern', pattern: 'list:*', sentAt: 1 });
    expect(await atB).toEqual({ origin: 'A', op: 'deletePattern', pattern: 'list:*', sentAt: 1 });
    expect((await echoAtA).origin).toBe('A');
    const atA = nextMessage(a, (m) => m.origin === 'B');
    await b.publish({ origin: 'B', op: 'delete', keys: ['k'] });
    expect(await atA).toEqual({ origin: 'B', op: 'delete', keys: ['k'] });
    expect(a.stats()).toMatchObject({ channel, connected: true, published: 1, received: 2, malformed: 0, heartbeatFailures: 0 });
  });

  it('ignores messages on other channels', async () => {
    const a = bus();
    const other = bus({ channel: `${channel}:other` });
    await Promise.all([a.ready(), other.ready()]);
    const heard: InvalidationMessage[] = [];
    a.subscribe({ message: (m) => heard.push(m) });
    const arrived = nextMessage(other);
    await other.publish({ origin: 'X', op: 'clear' });
    await arrived;
    const own = nextMessage(a);
    await a.publish({ origin: 'A', op: 'clear' });
    await own;
    expect(heard.map((m) => m.origin)).toEqual(['A']);
  });

  it('drops and counts malformed messages, then goes on', async () => {
    const a = bus();
    await a.ready();
    const malformed: string[] = [];
    a.subscribe({ message: () => undefined, malformed: (e) => malformed.push(e.message) });
    await admin.publish(channel, 'not json');
    await admin.publish(channel, JSON.stringify({ v: 99, origin: 'X', op: 'clear' }));
    const good = nextMessage(a);
    await admin.publish(channel, JSON.stringify({ v: 1, origin: 'X', op: 'clear' }));
    expect(await good).toEqual({ origin: 'X', op: 'clear' });
    expect(malformed).toEqual([expect.stringContaining('not JSON'), expect.stringContaining('unsupported version 99')]);
    expect(a.stats()).toMatchObject({ received: 3, malformed: 2 });
  });

  it('duplicates a given client without touching it, and closes only its own connections', async () => {
    const client = inspector();
    const a = bus({ client });
    await a.ready();
    await a.close();
    expect(a.connected).toBe(false);
    expect(await client.ping()).toBe('PONG');
    await client.quit();
  });

  it('fails a publish at once when Redis is unreachable (no offline queue)', async () => {
    const port = await freePort();
    const a = new RedisInvalidationBus({ url: `redis://127.0.0.1:${port}`, channel, connectTimeout: 200 });
    open.push(a);
    expect(a.connected).toBe(false);
    await expect(a.publish({ origin: 'A', op: 'clear' })).rejects.toThrow();
    expect(a.stats().publishFailures).toBe(1);
    await expect(a.ready(100)).rejects.toThrow(/not connected within 100 ms/);
  });

  it('reports a dropped connection, subscribes again after reconnecting, and the cache clears L1 both times', async () => {
    const transport = bus();
    await transport.ready();
    const l1 = new LRUCache({ cleanupInterval: null });
    const cache = new CompositeCache([l1], { bus: { transport, closeTransport: false } });
    await cache.set('k', 'v');
    const down = nextConnection(transport, false);
    const up = nextConnection(transport, true);
    await killConnection(admin, `s3v-bus-sub:${channel}`);
    await down;
    expect(await l1.exists('k')).toBe(false);
    await cache.set('k', 'written while down');
    await up;
    expect(await l1.exists('k')).toBe(false);
    expect(cache.stats().bus).toMatchObject({ connected: true, disconnects: 1 });
    const arrived = nextMessage(transport, (m) => m.origin === 'S');
    await admin.publish(channel, JSON.stringify({ v: 1, origin: 'S', op: 'delete', keys: ['x'] }));
    await arrived; // subscribed again
    await cache.close();
  });

  describe('two instances: LRU L1 + RedisCache L2 each, one bus each', () => {
    let prefix: string;
    let nodes: Array<{ l1: LRUCache; cache: CompositeCache; transport: RedisInvalidationBus }>;

    beforeEach(async () => {
      prefix = uniquePrefix('bus-l2:');
      nodes = ['A', 'B'].map((name) => {
        const l1 = new LRUCache({ defaultTtl: 60, cleanupInterval: null });
        const transport = bus();
        const l2 = new RedisCache({ url: redisUrl, prefix, defaultTtl: 300 });
        const cache = new CompositeCache([l1, l2], { bus: { transport, instanceId: name } });
        open.push(cache);
        return { l1, cache, transport };
      });
      await Promise.all(nodes.map((n) => n.transport.ready()));
    });
    afterEach(async () => {
      await removePrefix(admin, prefix);
    });

    it('a write on A evicts B\'s L1 copy; A ignores its own message', async () => {
      const [a, b] = nodes;
      const first = nextMessage(b.transport, (m) => m.op === 'set');
      await a.cache.set('k', 'v1');
      await first; // else it could arrive after B's read and evict the copy that read promoted
      expect(await b.cache.get('k')).toBe('v1');
      expect(await b.l1.get('k')).toBe('v1');
      const atB = nextMessage(b.transport, (m) => m.op === 'set');
      const atA = nextMessage(a.transport, (m) => m.op === 'set');
      await a.cache.set('k', 'v2');
      await Promise.all([atA, atB]);
      expect(await b.l1.exists('k')).toBe(false);
      expect(await b.cache.get('k')).toBe('v2');
      expect(await a.l1.get('k')).toBe('v2');
      expect(a.cache.stats().bus).toMatchObject({ ignoredOwn: 2, received: 0 });
      expect(b.cache.stats().bus?.received).toBe(2);
    });

    it('a getOrSet in flight on B does not store what it read before A\'s write', async () => {
      const [a, b] = nodes;
      const gate = deferred<string>();
      const loading = deferred();
      const pending = b.cache.getOrSet('k', () => (loading.resolve(), gate.promise));
      await loading.promise; // the loader runs once the leases (Redis's included) are taken
      const atB = nextMessage(b.transport, (m) => m.op === 'set');
      await a.cache.set('k', 'new');
      gate.resolve('old');
      expect(await pending).toBe('old');
      await atB;
      expect(await b.l1.exists('k')).toBe(false);
      expect(await b.cache.get('k')).toBe('new');
    });
  });
});
