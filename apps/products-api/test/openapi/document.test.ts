import { buildOpenApiDocument, filterParameterSpecs } from '../../src/openapi';
import { documentedOperations } from './doc-helpers';
import { validateWithSwaggerParser } from './swagger-parser';

describe('the OpenAPI document', () => {
  const doc = buildOpenApiDocument();

  it('is OpenAPI 3.1.0 and passes a real validator (swagger-parser: schema of the spec, every $ref resolves)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    await expect(validateWithSwaggerParser(doc)).resolves.toBeDefined();
  });

  it('is rejected by that validator when broken (the check is real)', async () => {
    const danglingRef = { ...doc, paths: { '/x': { get: { responses: { '200': { description: 'x', content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } } } } } } } };
    await expect(validateWithSwaggerParser(danglingRef)).rejects.toThrow('Missing $ref pointer "#/components/schemas/Nope"');
    const noVersion = { ...doc, info: { title: doc.info.title } };
    await expect(validateWithSwaggerParser(noVersion)).rejects.toThrow("#/info must have required property 'version'");
  });

  it('describes every route of the API', () => {
    expect(documentedOperations(doc)).toEqual([
      'DELETE /products/{id}',
      'GET /cache/stats',
      'GET /docs',
      'GET /healthz',
      'GET /metrics',
      'GET /openapi.json',
      'GET /products',
      'GET /products/count',
      'GET /products/{id}',
      'GET /readyz',
      'PATCH /products/{id}',
      'POST /products',
      'PUT /products/{id}',
    ]);
  });

  it('gives every operation a unique operationId, a summary, a tag and a 2xx response', () => {
    const ids: string[] = [];
    for (const item of Object.values(doc.paths)) {
      for (const operation of Object.values(item)) {
        ids.push(operation.operationId);
        expect(operation.summary.length).toBeGreaterThan(0);
        expect(operation.tags.length).toBeGreaterThan(0);
        expect(Object.keys(operation.responses).some((status) => status.startsWith('2'))).toBe(true);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses one Error component for every error response', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) < 400 || '$ref' in response) continue;
          const schemas = Object.values(response.content ?? {}).map((media) => media.schema);
          const expected = path === '/readyz' && status === '503' ? '#/components/schemas/NotReady' : '#/components/schemas/Error';
          expect({ at: `${method} ${path} ${status}`, schemas }).toEqual({ at: `${method} ${path} ${status}`, schemas: [{ $ref: expected }] });
        }
      }
    }
  });

  it('documents the response cache headers on the cached routes (200 and 304)', () => {
    for (const [path, operationId] of [['/products', 'listProducts'], ['/products/count', 'countProducts'], ['/products/{id}', 'getProduct']]) {
      const operation = doc.paths[path].get!;
      expect(operation.operationId).toBe(operationId);
      const ok = operation.responses['200'];
      expect('headers' in ok && Object.keys(ok.headers ?? {})).toEqual(['X-Cache', 'Cache-Status', 'Age', 'ETag', 'Cache-Control', 'S3verless-Cache-Control']);
      expect(operation.responses['304']).toEqual({ $ref: '#/components/responses/NotModified' });
    }
    expect(Object.keys(doc.components.responses.NotModified.headers ?? {})).toEqual(['X-Cache', 'Cache-Status', 'Age', 'ETag', 'Cache-Control', 'S3verless-Cache-Control']);
  });

  it('lists one query parameter per filter the engine accepts, plus paging on GET /products only', () => {
    const names = (path: string): string[] =>
      (doc.paths[path].get!.parameters ?? []).map((parameter) => ('$ref' in parameter ? parameter.$ref.split('/').pop()! : parameter.name));
    const filters = filterParameterSpecs().map((spec) => `filter.${spec.name}`);
    expect(filters).toHaveLength(114);
    expect(names('/products')).toEqual(['sort_by', 'sort_order', 'page', 'page_size', ...filters, 'IfNoneMatch', 'CacheControl']);
    expect(names('/products/count')).toEqual([...filters, 'IfNoneMatch', 'CacheControl']);
  });

  it('references every component it defines', () => {
    const text = JSON.stringify(doc);
    for (const [kind, components] of Object.entries(doc.components)) {
      for (const name of Object.keys(components)) expect({ component: `${kind}/${name}`, used: text.includes(`"#/components/${kind}/${name}"`) }).toEqual({ component: `${kind}/${name}`, used: true });
    }
  });

  it('names the server only when asked', () => {
    expect(doc.servers).toBeUndefined();
    expect(buildOpenApiDocument({ serverUrl: 'https://api.example.test' }).servers).toEqual([{ url: 'https://api.example.test' }]);
  });
});
