import express, { Router } from 'express';
import { otherMethods } from '../http/methods';
import { buildOpenApiDocument, type OpenApiDocumentOptions } from '../openapi';

/**
 * `GET /openapi.json` (the OpenAPI document, built once) and `GET /docs` (Swagger UI, served from
 * the local `swagger-ui-dist` package under `/docs/assets/`: the page makes no external request,
 * and its Content-Security-Policy forbids any).
 */

// swagger-ui-dist ships no type declarations.
const swaggerUiDist = require('swagger-ui-dist') as { getAbsoluteFSPath(): string };

/** The files of swagger-ui-dist the page loads; nothing else of the package is served. */
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png']);

/**
 * No external origin at all. Swagger UI sets inline `style` attributes (hence `'unsafe-inline'`
 * for styles only) and draws some icons from `data:` URIs; scripts are files of this origin.
 */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Name of the initializer under `/docs/assets/` (not swagger-ui-dist's own, which loads the Petstore demo). */
const INITIALIZER_FILE = 'init.js';

/** Starts Swagger UI on the document named by `data-spec-url` (a script file, so the CSP needs no inline script). */
const INITIALIZER = `'use strict';
window.addEventListener('DOMContentLoaded', function () {
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    url: root.getAttribute('data-spec-url'),
    domNode: root,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
    tryItOutEnabled: false,
  });
});
`;

const escapeAttribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The HTML of `/docs`; `base` is the router's mount path (`''` at the root). */
function docsPage(base: string): string {
  const at = (path: string): string => escapeAttribute(`${base}${path}`);
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>S3verless products API</title>
    <link rel="stylesheet" href="${at('/docs/assets/swagger-ui.css')}">
    <link rel="icon" type="image/png" href="${at('/docs/assets/favicon-32x32.png')}" sizes="32x32">
    <link rel="icon" type="image/png" href="${at('/docs/assets/favicon-16x16.png')}" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui" data-spec-url="${at('/openapi.json')}"></div>
    <script src="${at('/docs/assets/swagger-ui-bundle.js')}"></script>
    <script src="${at(`/docs/assets/${INITIALIZER_FILE}`)}"></script>
  </body>
</html>
`;
}

/** Options of {@link docsRouter}. */
export type DocsRouterOptions = OpenApiDocumentOptions;

/** The documentation routes; mount at the root of the app (or under a prefix: the page follows `req.baseUrl`). */
export function docsRouter(options: DocsRouterOptions = {}): Router {
  const document = buildOpenApiDocument(options);
  const body = JSON.stringify(document);
  const router = Router();

  router
    .route('/openapi.json')
    .get((_req, res) => {
      res.set({ 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }).type('application/json').send(body);
    })
    .all(otherMethods);

  router
    .route('/docs')
    .get((req, res) => {
      res
        .set({ 'content-security-policy': DOCS_CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' })
        .type('html')
        .send(docsPage(req.baseUrl));
    })
    .all(otherMethods);

  // Static files, not API routes (middleware, so the route list stays the documented API).
  const assets = express.static(swaggerUiDist.getAbsoluteFSPath(), { index: false, fallthrough: true, maxAge: '1h' });
  router.use('/docs/assets', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.set('x-content-type-options', 'nosniff');
    if (req.path === `/${INITIALIZER_FILE}`) {
      res.set('cache-control', 'no-cache').type('text/javascript').send(INITIALIZER);
    } else if (ASSETS.has(req.path.slice(1))) {
      assets(req, res, next);
    } else {
      next();
    }
  });

  return router;
}
