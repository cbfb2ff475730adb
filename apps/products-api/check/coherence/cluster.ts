/**
 * Everything a scenario runs, on 127.0.0.1 and free ports: one S3 child process
 * (fresh temporary data folder) or a fresh bucket on a real S3 ({@link startS3Target}),
 * a dedicated redis-server when the scenario has
 * Redis, the delay proxy in front of S3 for instance A (twin scenario), and the
 * API instances. `close()` stops all of it and removes the data folder (or the bucket).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRedisServer, type RedisServerHandle } from '@s3verless/cache/testing';
import { startApiInstance, type ApiInstance } from './processes/api-instance';
import { startDelayProxy, type DelayProxy } from './processes/delay-proxy';
import { mulberry32 } from './prng';
import { startS3Target, type S3Target } from './s3-target';
import type { Scenario } from './scenarios';
import type { RealS3Settings } from '../../test/helpers/real-s3';

/** A running scenario cluster. */
export interface Cluster {
  readonly s3: S3Target;
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

/**
 * Starts the processes of `scenario` (on the embedded S3, or on a fresh bucket of
 * `real` when given); logs go to `logDir`. On a start failure everything started is stopped.
 */
export async function startCluster(scenario: Scenario, logDir: string, seed: number, real?: RealS3Settings): Promise<Cluster> {
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
    const s3 = await startS3Target(real, `coh-${scenario.name}`, dataDir, path.join(logDir, `${scenario.name}-s3.log`));
    started.push(() => s3.close());
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
        bucket: s3.bucket,
        credentials: s3.credentials,
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
        [...(s3.child ? [s3.child] : []), ...ordered.map((i) => i.child)].map((c) => `--- ${c.name} (${c.logFile}) ---\n${c.tail(1500)}`).join('\n'),
      close,
    };
    return cluster;
  } catch (error) {
    await close();
    throw error;
  }
}
