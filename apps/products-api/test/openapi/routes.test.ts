/**
 * Every route of the real app is documented, and every documented route is served: adding a
 * route without documenting it (or documenting one that does not exist) fails here.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import pino from 'pino';
import { assembleApi, type AssembledApi } from '../../src/assemble';
import { loadConfig } from '../../src/config/config';
import { createS3Client, s3ClientSettings } from '../../src/s3';
import { buildOpenApiDocument } from '../../src/openapi';
import { listRoutes, toOpenApiPath } from './app-routes';
import { documentedOperations } from './doc-helpers';

describe('routes of the app and of the document', () => {
  const documented = documentedOperations(buildOpenApiDocument());
  let api: AssembledApi;
  let client: S3Client;
  let served: string[];

  beforeAll(() => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    // The app as the runtime assembles it; listing its routes sends nothing to S3.
    const config = loadConfig({ LOG_LEVEL: 'silent', S3_ENDPOINT: 'http://127.0.0.1:9' });
    client = createS3Client(s3ClientSettings(config));
    api = assembleApi({ config, client, logger: pino({ level: 'silent' }) });
    served = listRoutes(api.app);
  });
  afterAll(async () => {
    await api.close();
    client.destroy();
  });

  it('the walker finds routes, mounted routers included', () => {
    expect(served).toEqual(expect.arrayContaining(['GET /healthz', 'GET /products', 'GET /products/{id}', 'DELETE /products/{id}', 'GET /metrics']));
    expect(toOpenApiPath('/products/:id/')).toBe('/products/{id}');
  });

  it('every route of the app is documented', () => {
    expect(served.filter((route) => !documented.includes(route))).toEqual([]);
  });

  it('every documented route is served by the app, /openapi.json and /docs included', () => {
    expect(documented.filter((route) => !served.includes(route))).toEqual([]);
    expect(served).toEqual(expect.arrayContaining(['GET /openapi.json', 'GET /docs']));
  });
});
