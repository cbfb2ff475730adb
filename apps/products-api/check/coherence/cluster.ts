/**
 * Everything a scenario runs, on 127.0.0.1 and free ports: one S3 child process
 * (fresh temporary data folder), a dedicated redis-server when the scenario has
 * Redis, the delay proxy in front of S3 for instance A (twin scenario), and the
 * API instances. `close()` stops all of it and removes the data folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRedisServer, type RedisServerHandle } from '@s3verless/cache/testing';
import { startApiInstance, type ApiInstance } from './processes/api-instance';
import { startDelayProxy, type DelayProxy } from './processes/delay-proxy';
import { startS3Process, type S3Process } from './processes/s3-process';
import { mulberry32 } from './prng';
import type { Scenario } from './scenarios';

export const BUCKET = 'coherence';

/** A running scenario cluster. */
export interface Cluster {
  readonly s3: S3Process;
  readonly instances: readonly ApiInstance[];
  readonly proxy?: DelayProxy;
  /** The current redis-server (replaced by {@link Cluster.restartRedis}). */
  redis?: RedisServerHandle;
  /** Kills Redis (SIGKILL) and brings it back on the same port after `downMs`; returns [killedAt, restartedAt] from `now`. */
  killAndRestartRedis(downMs: number, now: () => number): Promise<{ from: number; to: number }>;
  /** The tails of every log (for a failure report). */
  tails(): string;
  close(): Promise<void>;
}

/** Starts the processes of `scenario`; logs go to `logDir`. On a start failure everything started is stopped. */
export async function startCluster(scenario: Scenario, logDir: string, seed: number): Promise<Cluster> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 's3v-coherence-s3-'));
  const started: Array<() => Promise<void>> = [];
  const instances: ApiInstance[] = [];
  let redis: RedisServerHandle | undefined;
  const close = async (): Promise<void> => {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    started.length = 0;
    await redis?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const s3 = await startS3Process(dataDir, BUCKET, path.join(logDir, `${scenario.name}-s3.log`));
    started.push(() => s3.child.stop());
    if (scenario.redis) redis = await startRedisServer();
    let proxy: DelayProxy | undefined;
    if (scenario.twins) {
      proxy = await startDelayProxy({ target: s3.endpoint, fraction: 0.5, maxDelayMs: 200, random: mulberry32(seed ^ 0x5eed) });
      started.push(() => proxy!.close());
    }
    const names = scenario.instances === 2 ? ['A', 'B'] : ['A'];
    const starting = names.map((name) =>
      startApiInstance({
        name,
        s3Endpoint: name === 'A' && proxy ? proxy.url : s3.endpoint,
        bucket: BUCKET,
        redisUrl: redis?.url,
        redisLock: scenario.redisLock,
        logFile: path.join(logDir, `${scenario.name}-api-${name}.log`),
      }).then((instance) => {
        instances.push(instance);
        started.push(() => instance.child.stop());
        return instance;
      }),
    );
    const ordered = await Promise.all(starting);
    const cluster: Cluster = {
      s3,
      instances: ordered,
      proxy,
      redis,
      async killAndRestartRedis(downMs, now) {
        const current = cluster.redis;
        if (!current) throw new Error('no redis in this scenario');
        const from = now();
        await current.kill();
        await new Promise((resolve) => setTimeout(resolve, downMs));
        redis = cluster.redis = await startRedisServer({ port: current.port });
        return { from, to: now() };
      },
      tails: () =>
        [s3.child, ...ordered.map((i) => i.child)].map((c) => `--- ${c.name} (${c.logFile}) ---\n${c.tail(1500)}`).join('\n'),
      close,
    };
    return cluster;
  } catch (error) {
    await close();
    throw error;
  }
}
