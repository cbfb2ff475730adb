import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ResponseCacheEvent } from '@s3verless/express-cache';
import type { S3RequestEvent } from '../s3';
import { registerBusMetrics } from './bus-metrics';
import { type TierSource, tierSamples } from './tier-samples';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The API's Prometheus metrics (prom-client), in a registry of their own. */
export interface ApiMetrics {
  readonly registry: Registry;
  /** Records every HTTP request (route pattern, not raw path: bounded labels) and its latency. */
  readonly http: RequestHandler;
  /** Feed for the response cache's `onEvent`. */
  responseCacheEvent(event: ResponseCacheEvent): void;
  /** Feed for `observeS3Requests`. */
  s3Request(event: S3RequestEvent): void;
  /** Reports the tiers of these caches (read from their `stats()` at each scrape). */
  watchCaches(caches: Readonly<Record<string, TierSource>>): void;
}

/** Notes where a router is mounted, so metrics can name the route after an error left the router. */
export const rememberMountPath: RequestHandler = (req, res, next) => {
  res.locals.mountPath = req.baseUrl;
  next();
};

/**
 * Builds the metrics. Names follow Prometheus conventions (`_total` counters,
 * `_seconds` histograms); label values come from small fixed sets.
 */
export function createMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['method', 'route', 'status'], buckets: LATENCY_BUCKETS, registers: [registry],
  });
  // Requests are counted once, by the latency histogram: the counter is its `_count`, read at each scrape.
  new Counter({
    name: 'http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry],
    async collect() {
      const { values } = await httpDuration.get();
      this.reset();
      for (const { metricName, labels, value } of values) {
        if (metricName === 'http_request_duration_seconds_count') this.inc(labels, value);
      }
    },
  });
  // The response cache reports every hit: a plain tally per event, handed to Prometheus at each scrape.
  const cacheEvents = new Map<string, number>();
  new Counter({
    name: 'response_cache_events_total', help: 'Response cache outcomes (hit, miss, stale, coalesced, bypass, stored, not_stored, error, invalidated)', labelNames: ['event'], registers: [registry],
    collect() {
      this.reset();
      for (const [type, count] of cacheEvents) this.inc({ event: type.replace('-', '_') }, count);
    },
  });
  const s3Requests = new Counter({
    name: 's3_requests_total', help: 'S3 request attempts by operation and outcome', labelNames: ['operation', 'outcome'], registers: [registry],
  });
  const s3Duration = new Histogram({
    name: 's3_request_duration_seconds', help: 'S3 request latency', labelNames: ['operation', 'outcome'], buckets: LATENCY_BUCKETS, registers: [registry],
  });
  const watched: Record<string, TierSource> = {};
  const tierCounter = (name: string, help: string, field: 'hits' | 'misses' | 'failures' | 'evictions') =>
    new Counter({
      name, help, labelNames: ['cache', 'tier', 'type'], registers: [registry],
      collect() {
        this.reset();
        for (const sample of tierSamples(watched)) this.inc(sample.labels, sample[field]);
      },
    });
  tierCounter('cache_tier_hits_total', 'Cache hits per tier', 'hits');
  tierCounter('cache_tier_misses_total', 'Cache misses per tier', 'misses');
  tierCounter('cache_tier_errors_total', 'Failed operations per tier (the request went on without it)', 'failures');
  tierCounter('cache_tier_evictions_total', 'Entries evicted to make room, per tier', 'evictions');
  new Gauge({
    name: 'cache_tier_entries', help: 'Live entries per tier', labelNames: ['cache', 'tier', 'type'], registers: [registry],
    collect() {
      this.reset();
      for (const sample of tierSamples(watched)) this.set(sample.labels, sample.entries);
    },
  });

  registerBusMetrics(registry, watched);

  return {
    registry,
    http: (req, res, next) => {
      const start = performance.now();
      res.once('finish', () => {
        // Express resets req.baseUrl when an error leaves a router: use the mount path noted on the way in.
        const base = (res.locals.mountPath as string | undefined) ?? req.baseUrl;
        const route = req.route ? `${base}${String(req.route.path)}` : 'unmatched';
        httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, (performance.now() - start) / 1000);
      });
      next();
    },
    responseCacheEvent: (event) => void cacheEvents.set(event.type, (cacheEvents.get(event.type) ?? 0) + 1),
    s3Request: (event) => {
      const labels = { operation: event.command.replace(/Command$/, ''), outcome: event.outcome };
      s3Requests.inc(labels);
      s3Duration.observe(labels, event.seconds);
    },
    watchCaches: (caches) => Object.assign(watched, caches),
  };
}
