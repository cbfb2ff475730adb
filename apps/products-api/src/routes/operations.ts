import { Router } from 'express';
import type { CacheStats } from '@s3verless/cache';
import type { ProductRepository } from '../storage';
import { toApiError } from '../http/error-handler';
import { otherMethods } from '../http/methods';

/** Sources of the numbers `/cache/stats` reports. */
export interface StatsSources {
  readonly [name: string]: { stats(): CacheStats | object };
}

/**
 * Checks `/readyz` reports without failing on them: the API serves without
 * them (e.g. Redis: requests go on from the in-process tier and S3).
 */
export interface SoftChecks {
  readonly [name: string]: () => Promise<string>;
}

/**
 * `/healthz` (the process is up), `/readyz` (S3 answers and the bucket
 * exists, else 503; soft checks such as Redis are reported, and a failed one
 * makes the status `degraded`, still 200), `/cache/stats` (every cache's statistics).
 */
export function operationsRouter(repository: ProductRepository, caches: StatsSources, softChecks: SoftChecks = {}): Router {
  const router = Router();
  router
    .route('/healthz')
    .get((_req, res) => {
      res.set('cache-control', 'no-store').json({ status: 'ok' });
    })
    .all(otherMethods);
  router
    .route('/readyz')
    .get(async (_req, res) => {
      res.set('cache-control', 'no-store');
      const soft = Object.entries(softChecks);
      const [s3, ...results] = await Promise.all([
        repository.ping().then(() => undefined, (error: unknown) => error),
        ...soft.map(([, check]) => check().catch(() => 'unavailable')),
      ]);
      const checks: Record<string, string> = { s3: s3 === undefined ? 'ok' : 'unavailable' };
      soft.forEach(([name], i) => (checks[name] = results[i] as string));
      if (s3 !== undefined) {
        res.status(503).json({ ...toApiError(s3).toBody(), checks });
        return;
      }
      const degraded = results.some((result) => result === 'unavailable');
      res.json({ status: degraded ? 'degraded' : 'ready', checks });
    })
    .all(otherMethods);
  router
    .route('/cache/stats')
    .get((_req, res) => {
      const body: Record<string, unknown> = {};
      for (const [name, source] of Object.entries(caches)) body[name] = source.stats();
      res.set('cache-control', 'no-store').json(body);
    })
    .all(otherMethods);
  return router;
}
