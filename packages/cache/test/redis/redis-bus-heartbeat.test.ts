import { CompositeCache, LRUCache, type TierErrorEvent } from '@s3verless/cache';
import { RedisInvalidationBus } from '@s3verless/cache/redis';
import { startRedisServer, type RedisServerHandle } from '@s3verless/cache/testing';
import { nextConnection } from '../helpers/bus';
import { describeWithRedisServer, uniquePrefix } from '../helpers/redis';

/**
 * A hung server (SIGSTOP) sends no error and closes no socket: only the
 * heartbeat can notice it. This suite starts its own redis-server so that
 * stopping it disturbs nobody else.
 */
describeWithRedisServer('RedisInvalidationBus heartbeat (own redis-server)', () => {
  let server: RedisServerHandle;
  let url: string;

  beforeAll(async () => {
    server = await startRedisServer();
    url = server.url;
  });

  afterAll(async () => {
    server.resume();
    await server.stop();
  });

  it('notices a hung server within two heartbeats, clears L1, and reconnects when it answers again', async () => {
    const busErrors: unknown[] = [];
    const transport = new RedisInvalidationBus({
      url, channel: uniquePrefix('hb'), heartbeatInterval: 100, onError: (e) => busErrors.push(e),
    });
    const events: TierErrorEvent[] = [];
    await transport.ready();
    const l1 = new LRUCache({ cleanupInterval: null });
    const cache = new CompositeCache([l1], { bus: { transport }, onError: (_e, event) => events.push(event) });
    await cache.set('k', 'v');
    const down = nextConnection(transport, false);
    server.pause();
    await down;
    expect(await l1.exists('k')).toBe(false);
    expect(transport.stats().heartbeatFailures).toBe(1);
    expect(busErrors).toEqual([expect.objectContaining({ message: expect.stringMatching(/PING unanswered for 100 ms/) })]);
    expect(events).toEqual([expect.objectContaining({ tier: 'bus', operation: 'disconnect' })]);
    expect(cache.stats().bus).toMatchObject({ connected: false, disconnects: 1 });
    const up = nextConnection(transport, true);
    server.resume();
    await up;
    expect(cache.stats().bus?.connected).toBe(true);
    await cache.close();
  });
});
