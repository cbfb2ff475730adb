/**
 * The child processes of the API benchmark (`api-bench.ts`), so that the load
 * generator, the API and the S3 server each have an event loop of their own:
 *
 * - `api-bench-server.ts s3 <directory> <bucket>`: the embedded S3 server
 *   (s3rver) on a free port of 127.0.0.1;
 * - `api-bench-server.ts api <endpoint>`: two instances of the products API on
 *   that server, each on its own port of 127.0.0.1 with its own S3 client and
 *   request counter: `cold` (no cache at all) and `warm` (the runtime's
 *   default caches).
 *
 * Each reports `ready` to the parent, then answers its requests (see
 * `api-bench-protocol.ts`). It exits when asked or when the parent goes away.
 * Not meant to be run by hand: `api-bench.ts` forks it.
 */
import '../../../bench/source-paths';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S3Client } from '@aws-sdk/client-s3';
import pino from 'pino';
import { type CacheBackend, CacheKeyBuilder } from '@s3verless/cache';
import { NullCache } from '@s3verless/cache/testing';
import { cacheMiddleware } from '@s3verless/express-cache';
import { createApp } from '../src/app';
import { assembleApi } from '../src/assemble';
import { loadConfig } from '../src/config/config';
import { createMetrics } from '../src/observability/metrics';
import {
  countS3Requests, createS3Client, EMBEDDED_S3_CREDENTIALS, observeS3Requests, s3ClientSettings, type S3RequestCounter, startEmbeddedS3,
} from '../src/s3';
import { type ProductRepository, S3ProductRepository } from '../src/storage';
import { type ChildMessage, type ChildRequest, type InstanceCounts, type Mode, MODES } from './api-bench-protocol';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Longest wait for the repository calls of an instance to finish after a load run. */
const DRAIN_TIMEOUT_MS = 30_000;

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** A repository that counts its running calls, so the parent can wait for the end of work left by a load run. */
class TrackedRepository implements ProductRepository {
  running = 0;
  constructor(private readonly inner: ProductRepository) {}
  private track<T>(call: () => Promise<T>): Promise<T> {
    this.running += 1;
    return call().finally(() => {
      this.running -= 1;
    });
  }
  get(id: string) {
    return this.track(() => this.inner.get(id));
  }
  scan() {
    return this.track(() => this.inner.scan());
  }
  create(...args: Parameters<ProductRepository['create']>) {
    return this.track(() => this.inner.create(...args));
  }
  replace(...args: Parameters<ProductRepository['replace']>) {
    return this.track(() => this.inner.replace(...args));
  }
  delete(...args: Parameters<ProductRepository['delete']>) {
    return this.track(() => this.inner.delete(...args));
  }
  ping() {
    return this.track(() => this.inner.ping());
  }
}

/** One API instance: its server, S3 client and counters. */
interface Instance {
  readonly server: Server;
  readonly client: S3Client;
  readonly requests: S3RequestCounter;
  readonly repository: TrackedRepository;
  /** The caches a warm-up empties: the data cache and the response cache's own store. */
  readonly caches: readonly CacheBackend[];
  readonly closeCaches: () => Promise<unknown>;
  http: number;
}

async function startInstance(mode: Mode, endpoint: string): Promise<Instance> {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const logger = pino({ level: 'silent' });
  // The client exactly as the runtime configures it for the embedded server.
  const client = createS3Client(s3ClientSettings(config, { endpoint, credentials: EMBEDDED_S3_CREDENTIALS }));
  const requests = countS3Requests(client);
  let repository: TrackedRepository | undefined;
  const track = (inner: ProductRepository) => (repository = new TrackedRepository(inner));
  let app: RequestListener;
  let caches: CacheBackend[];
  let closeCaches: () => Promise<unknown>;
  if (mode === 'warm') {
    // The default caches, response cache, metrics and logging, as the runtime assembles them.
    const api = assembleApi({ config, client, logger, wrapRepository: track });
    app = api.app;
    // Both, so that a warm-up stores every response afresh (fresh for CACHE_TTL from then) and fills the
    // data cache behind it: a run never meets a response that expired during an earlier run.
    caches = [api.caches.data, api.caches.responses];
    closeCaches = () => api.close();
  } else {
    // No cache at all: a data cache that stores nothing (and shares no loader runs),
    // no object cache, and a response cache that bypasses every request (with a
    // NullCache behind its default keys it would still coalesce concurrent identical
    // GETs into one run of the route). Same metrics and request logging as warm.
    const nothing = new NullCache();
    const metrics = createMetrics();
    const detach = observeS3Requests(client, metrics.s3Request);
    app = createApp({
      repository: track(
        new S3ProductRepository({
          client,
          bucket: config.S3_BUCKET,
          basePath: config.S3_BASE_PATH,
          concurrency: config.S3_LIST_CONCURRENCY,
          objectCache: null,
          logger: logger.child({ component: 'storage' }),
        }),
      ),
      cache: nothing,
      keys: new CacheKeyBuilder(),
      responses: cacheMiddleware({ cache: nothing, ttl: config.CACHE_TTL, key: () => undefined }),
      responseSeconds: config.CACHE_TTL,
      logger,
      metrics,
    });
    caches = [nothing];
    closeCaches = async () => detach();
  }
  if (repository === undefined) throw new Error('the repository was not wrapped');
  const instance: Instance = {
    server: createServer((req, res) => {
      instance.http += 1;
      app(req, res);
    }),
    client,
    requests,
    repository,
    caches,
    closeCaches,
    http: 0,
  };
  await new Promise<void>((resolve, reject) => {
    instance.server.once('error', reject);
    instance.server.listen(0, '127.0.0.1', () => resolve());
  });
  return instance;
}

async function drained(instance: Instance): Promise<boolean> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (instance.repository.running > 0) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

async function closeInstance(instance: Instance): Promise<void> {
  instance.server.closeAllConnections();
  await new Promise<void>((resolve) => instance.server.close(() => resolve()));
  await instance.closeCaches();
  instance.client.destroy();
}

/** Answers the parent's requests until `exit` or the parent is gone; then runs `close` and exits. */
function serve(close: () => Promise<void>, answer: (request: ChildRequest) => Promise<unknown>): void {
  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    const timer = setTimeout(() => process.exit(code), 5000);
    void close()
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(timer);
        process.exit(code);
      });
  };
  process.on('disconnect', () => exit(0));
  process.on('message', (request: ChildRequest) => {
    if (request.op === 'exit') return exit(0);
    answer(request).then(
      (result) => send({ kind: 'reply', id: request.id, result }),
      (error: unknown) => send({ kind: 'reply', id: request.id, result: { error: String(error) } }),
    );
  });
}

async function common(request: ChildRequest): Promise<unknown> {
  if (request.op === 'gc') {
    global.gc?.();
    return null;
  }
  if (request.op === 'cpu') {
    const usage = process.cpuUsage();
    return usage.user + usage.system;
  }
  throw new Error(`unknown request ${request.op}`);
}

async function runS3(directory: string, bucket: string): Promise<void> {
  const server = await startEmbeddedS3({ directory, bucket });
  serve(() => server.close(), common);
  send({ kind: 'ready', endpoint: server.endpoint });
}

async function runApi(endpoint: string): Promise<void> {
  const instances = {} as Record<Mode, Instance>;
  const close = async () => {
    await Promise.all(Object.values(instances).map(closeInstance));
  };
  for (const mode of MODES) instances[mode] = await startInstance(mode, endpoint);
  serve(close, async (request) => {
    if (request.op !== 'reset' && request.op !== 'counts' && request.op !== 'clear') return common(request);
    const instance = instances[request.mode];
    if (request.op === 'reset') {
      instance.requests.reset();
      instance.http = 0;
      return null;
    }
    if (request.op === 'clear') {
      await Promise.all(instance.caches.map((cache) => cache.clear()));
      return null;
    }
    const busy = !(await drained(instance));
    return {
      http: instance.http,
      s3: instance.requests.total,
      s3ByCommand: instance.requests.byCommand,
      busy,
    } satisfies InstanceCounts;
  });
  const ports = Object.fromEntries(MODES.map((mode) => [mode, (instances[mode].server.address() as AddressInfo).port])) as Record<Mode, number>;
  send({ kind: 'ready', ports });
}

const [role, ...args] = process.argv.slice(2);
(role === 's3' ? runS3(args[0], args[1]) : role === 'api' ? runApi(args[0]) : Promise.reject(new Error(`unknown role ${role}`))).catch(
  (error: unknown) => {
    send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);
