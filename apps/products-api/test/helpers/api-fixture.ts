/**
 * The whole API against a real embedded S3 server over HTTP: the app as the
 * runtime builds it, listening on a free port, with the S3 request counter.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import request from 'supertest';
import type { ResponseCacheMiddleware } from '@s3verless/express-cache';
import { assembleApi, type AssembleOptions } from '../../src/assemble';
import type { Caches } from '../../src/caches';
import { loadConfig } from '../../src/config/config';
import { listen } from '../../src/http/listen';
import type { ApiMetrics } from '../../src/observability/metrics';
import { countS3Requests, createS3Client, s3ClientSettings, type S3RequestCounter } from '../../src/s3';
import { type ProductRepository, S3ProductRepository } from '../../src/storage';
import { type S3Fixture, startS3Fixture } from './s3-fixture';

export interface ApiFixture {
  readonly url: string;
  /** supertest bound to the running server. */
  readonly http: ReturnType<typeof request>;
  readonly s3: S3Fixture;
  /** Requests sent by the API's own S3 client. */
  readonly requests: S3RequestCounter;
  readonly repository: S3ProductRepository;
  readonly caches: Caches;
  readonly responses: ResponseCacheMiddleware;
  readonly metrics: ApiMetrics;
  /** Sends a request now (supertest waits for `then`). */
  fire(method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, body?: object): Promise<request.Response>;
  close(): Promise<void>;
}

export interface ApiFixtureOptions {
  /** Wraps the real repository (to pause or observe it); default: none. */
  wrapRepository?: (repository: S3ProductRepository) => ProductRepository;
  /** Wraps the data cache (to observe it or inject faults); default: none. */
  wrapCache?: AssembleOptions['wrapCache'];
  /** Environment overrides (CACHE_TTL, sizes, REDIS_URL, ...). */
  env?: Record<string, string>;
  /** An S3 server shared with other fixtures (another "instance" of the API); default: one of its own, closed with it. */
  s3?: S3Fixture;
  /** The API's logger; default: a silent one. */
  logger?: Logger;
}

/** A product body a client would POST. */
export function productBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Desk lamp', sku: `LAMP-${Math.random().toString(36).slice(2, 10)}`, price: 39.9, category: 'lighting', ...overrides };
}

export async function startApiFixture(options: ApiFixtureOptions = {}): Promise<ApiFixture> {
  const s3 = options.s3 ?? (await startS3Fixture('s3verless'));
  const config = loadConfig({ LOG_LEVEL: 'silent', S3_BUCKET: s3.bucket, ...options.env });
  // The client is configured exactly as the runtime configures it (s3ClientSettings).
  const client = createS3Client(s3ClientSettings(config, s3.server));
  const requests = countS3Requests(client);
  const api = assembleApi({ config, client, logger: options.logger ?? pino({ level: 'silent' }), wrapRepository: options.wrapRepository, wrapCache: options.wrapCache });
  const { app, caches, repository, responses } = api;
  // The server as the runtime makes it (its clientError answers included).
  const server: Server = await listen(app, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = request(url);
  return {
    url,
    http,
    s3,
    requests,
    repository,
    caches,
    responses,
    metrics: api.metrics,
    fire: (method, path, body) => {
      const test = http[method](path);
      return (body === undefined ? test : test.send(body)).then((res) => res);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
      client.destroy();
      if (options.s3 === undefined) await s3.close();
    },
  };
}
