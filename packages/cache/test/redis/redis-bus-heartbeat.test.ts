import { spawn, type ChildProcess } from 'node:child_process';
import { CompositeCache, LRUCache } from '@s3verless/cache';
import { RedisInvalidationBus } from '@s3verless/cache/redis';
import { Redis } from 'ioredis';
import { freePort, nextConnection } from '../helpers/bus';
import { describeWithRedisServer, uniquePrefix } from '../helpers/redis';

/**
 * A hung server (SIGSTOP) sends no error and closes no socket: only the
 * heartbeat can notice it. This suite starts its own redis-server so that
 * stopping it disturbs nobody else.
 */
describeWithRedisServer('RedisInvalidationBus heartbeat (own redis-server)', () => {
  let server: ChildProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const probe = new Redis(url, { retryStrategy: () => 50, maxRetriesPerRequest: null });
    probe.on('error', () => undefined);
    await probe.ping(); // waits (retrying) until the server accepts connections
    probe.disconnect();
  });

  afterAll(async () => {
    server.kill('SIGCONT');
    server.kill('SIGTERM');
    await new Promise((resolve) => (server.exitCode === null ? server.once('exit', resolve) : resolve(null)));
  });

  it('notices a hung server within two heartbeats, clears L1, and reconnects when it answers again', async () => {
    const transport = new RedisInvalidationBus({ url, channel: uniquePrefix('hb'), heartbeatInterval: 100 });
    const errors: unknown[] = [];
    await transport.ready();
    const l1 = new LRUCache({ cleanupInterval: null });
    const cache = new CompositeCache([l1], { bus: { transport }, onError: (e) => errors.push(e) });
    await cache.set('k', 'v');
    const down = nextConnection(transport, false);
    server.kill('SIGSTOP');
    await down;
    expect(await l1.exists('k')).toBe(false);
    expect(transport.stats().heartbeatFailures).toBe(1);
    expect(cache.stats().bus).toMatchObject({ connected: false, disconnects: 1 });
    const up = nextConnection(transport, true);
    server.kill('SIGCONT');
    await up;
    expect(cache.stats().bus?.connected).toBe(true);
    await cache.close();
  });
});
