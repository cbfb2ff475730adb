/** `docsRouter()` over HTTP: the document, the page, its local assets and its security headers. */
import express from 'express';
import request from 'supertest';
import { buildOpenApiDocument } from '../../src/openapi';
import { docsRouter } from '../../src/routes/docs';

describe('docsRouter()', () => {
  const app = express().use(docsRouter());

  it('GET /openapi.json answers the document as JSON', async () => {
    const res = await request(app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
    expect(res.headers.etag).toEqual(expect.any(String));
    expect((await request(app).get('/openapi.json').set('if-none-match', res.headers.etag)).status).toBe(304);
  });

  it('GET /docs answers a page that loads only local files, under a CSP that forbids any other origin', async () => {
    const res = await request(app).get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
    const urls = [...res.text.matchAll(/(?:src|href|data-spec-url)="([^"]+)"/g)].map((match) => match[1]);
    expect(urls).toEqual(['/docs/assets/swagger-ui.css', '/docs/assets/favicon-32x32.png', '/docs/assets/favicon-16x16.png', '/openapi.json', '/docs/assets/swagger-ui-bundle.js', '/docs/assets/init.js']);
    for (const url of urls) {
      const asset = await request(app).get(url);
      expect({ url, status: asset.status }).toEqual({ url, status: 200 });
    }
  });

  it('serves the Swagger UI files from swagger-ui-dist with their types, and nothing else of the package', async () => {
    const css = await request(app).get('/docs/assets/swagger-ui.css');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const bundle = await request(app).get('/docs/assets/swagger-ui-bundle.js');
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect(bundle.headers['x-content-type-options']).toBe('nosniff');
    const init = await request(app).get('/docs/assets/init.js');
    expect(init.text).toContain('validatorUrl: null');
    expect(init.text).not.toMatch(/https?:\/\//);
    // swagger-ui-dist's own page and initializer load the Petstore demo from the internet.
    for (const path of ['/docs/assets/index.html', '/docs/assets/swagger-initializer.js', '/docs/assets/', '/docs/assets/../package.json']) {
      expect({ path, status: (await request(app).get(path)).status }).toEqual({ path, status: 404 });
    }
    expect((await request(app).post('/docs/assets/swagger-ui.css')).status).toBe(404);
  });

  it('follows the mount path when mounted under a prefix', async () => {
    const prefixed = express().use('/api', docsRouter({ serverUrl: 'http://127.0.0.1:3000/api' }));
    const page = await request(prefixed).get('/api/docs');
    expect(page.text).toContain('data-spec-url="/api/openapi.json"');
    expect(page.text).toContain('src="/api/docs/assets/swagger-ui-bundle.js"');
    expect((await request(prefixed).get('/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
    expect((await request(prefixed).get('/api/openapi.json')).body.servers).toEqual([{ url: 'http://127.0.0.1:3000/api' }]);
  });
});
