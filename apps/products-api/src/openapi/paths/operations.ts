import { errorResponses } from '../error-responses';
import { ref, type PathItemObject } from '../types';

/** The operational routes (`src/routes/operations.ts`, the metrics route) and the docs routes (`src/routes/docs.ts`). */

const NO_STORE = 'Sent with `Cache-Control: no-store`.';

/** Content type of the Prometheus text exposition format (prom-client's `register.contentType`). */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Path items of `/healthz`, `/readyz`, `/cache/stats` and `/metrics`. */
export function operationsPaths(): Record<string, PathItemObject> {
  return {
    '/healthz': {
      get: {
        operationId: 'getHealth',
        summary: 'Liveness: the process is up',
        description: `Always 200 while the process runs; never touches S3. ${NO_STORE}`,
        tags: ['operations'],
        responses: { '200': { description: 'Alive.', content: { 'application/json': { schema: ref('schemas', 'Health') } } }, ...errorResponses([]) },
      },
    },
    '/readyz': {
      get: {
        operationId: 'getReadiness',
        summary: 'Readiness: S3 answers and the bucket exists',
        description: `200 when S3 answers and the bucket exists (status \`degraded\` when Redis is configured but does not answer: the API serves without it), else 503 with the error shape and the failed check. ${NO_STORE}`,
        tags: ['operations'],
        responses: {
          '200': { description: 'Ready.', content: { 'application/json': { schema: ref('schemas', 'Ready') } } },
          '503': {
            description: `Not ready: S3 is unreachable or refuses. \`error.code\` is \`storage_unavailable\` (also when S3 refuses, which other routes answer with 502).`,
            content: {
              'application/json': {
                schema: ref('schemas', 'NotReady'),
                examples: {
                  storage_unavailable: {
                    value: {
                      error: { code: 'storage_unavailable', message: 'The product store (S3) is not available; try again later.' },
                      checks: { s3: 'unavailable', redis: 'disabled' },
                    },
                  },
                },
              },
            },
          },
          ...errorResponses([]),
        },
      },
    },
    '/cache/stats': {
      get: {
        operationId: 'getCacheStats',
        summary: "Every cache tier's statistics",
        description: `\`data\` (products, lists, counts), \`responses\` (the HTTP response cache) and \`objects\` (decoded S3 objects). ${NO_STORE}`,
        tags: ['operations'],
        responses: {
          '200': { description: 'The statistics.', content: { 'application/json': { schema: ref('schemas', 'CacheStats') } } },
          ...errorResponses([]),
        },
      },
    },
    '/metrics': {
      get: {
        operationId: 'getMetrics',
        summary: 'Prometheus metrics',
        description: `Process, HTTP and cache metrics in the Prometheus text exposition format (\`${PROMETHEUS_CONTENT_TYPE}\`).`,
        tags: ['operations'],
        responses: {
          '200': {
            description: 'The metrics.',
            content: {
              'text/plain': {
                schema: { type: 'string' },
                examples: {
                  sample: { value: '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 0.42\n' },
                },
              },
            },
          },
          ...errorResponses([]),
        },
      },
    },
  };
}

/** Path items of `/openapi.json` and `/docs`. */
export function docsPaths(): Record<string, PathItemObject> {
  return {
    '/openapi.json': {
      get: {
        operationId: 'getOpenApiDocument',
        summary: 'This OpenAPI 3.1 document',
        tags: ['docs'],
        responses: {
          '200': {
            description: 'The OpenAPI document.',
            headers: { ETag: ref('headers', 'ETag') },
            content: { 'application/json': { schema: { type: 'object', description: 'An OpenAPI 3.1.0 document.' } } },
          },
          ...errorResponses([]),
        },
      },
    },
    '/docs': {
      get: {
        operationId: 'getDocs',
        summary: 'Interactive API documentation (Swagger UI)',
        description: 'An HTML page that renders `/openapi.json` with Swagger UI, served locally (no external requests).',
        tags: ['docs'],
        responses: { '200': { description: 'The HTML page.', content: { 'text/html': { schema: { type: 'string' } } } }, ...errorResponses([]) },
      },
    },
  };
}
