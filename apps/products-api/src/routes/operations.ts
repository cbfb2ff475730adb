import { Router } from 'express';
import type { CacheStats } from '@s3verless/cache';
import type { ProductRepository } from '../storage';
import { toApiError } from '../http/error-handler';

/** Sources of the numbers `/cache/stats` reports. */
export interface StatsSources {
  readonly [name: string]: { stats(): CacheStats | object };
}

/**
 * `/healthz` (the process is up), `/readyz` (S3 answers and the bucket
 * exists, else 503), `/cache/stats` (every cache's statistics).
 */
export function operationsRouter(repository: ProductRepository, caches: StatsSources): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    res.set('cache-control', 'no-store');
    try {
      await repository.ping();
      res.json({ status: 'ready', checks: { s3: 'ok' } });
    } catch (error) {
      const apiError = toApiError(error);
      res.status(503).json({ ...apiError.toBody(), checks: { s3: 'unavailable' } });
    }
  });
  router.get('/cache/stats', (_req, res) => {
    const body: Record<string, unknown> = {};
    for (const [name, source] of Object.entries(caches)) body[name] = source.stats();
    res.set('cache-control', 'no-store').json(body);
  });
  return router;
}
