/**
 * `/docs` in a real browser (Debian's Chromium): Swagger UI loads from this server only, renders
 * every operation of the document, expands one with its 114 filter parameters and a schema, and
 * logs no console error, throws nothing, and makes no failed or external request.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Browser } from 'playwright-core';
import { buildOpenApiDocument } from '../../src/openapi';
import { docsRouter } from '../../src/routes/docs';
import { browserIt, hasChromium, launchChromium } from '../helpers/chromium';

describe('GET /docs in Chromium', () => {
  let server: Server;
  let origin: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    const app = express().use(docsRouter());
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (hasChromium) browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  browserIt('renders every documented operation, without console errors or failed or external requests', async () => {
    const page = await browser!.newPage();
    const problems: string[] = [];
    const requested: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
      // Swagger UI 5 warns about string formats (uuid, date-time) its JSON Schema 2020-12 renderer
      // has no widget for; any other warning is a problem.
      if (message.type() === 'warning' && !/^Could not find component: JsonSchema_string_[a-z-]+$/.test(message.text())) {
        problems.push(`console.warning: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (req) => requested.push(req.url()));
    page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
    });

    await page.goto(`${origin}/docs`, { waitUntil: 'load' });
    const doc = buildOpenApiDocument();
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
    await page.locator('.opblock-summary-path', { hasText: '/products/{id}' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.opblock').nth(operations.length - 1).waitFor();
    expect(await page.locator('.opblock').count()).toBe(operations.length);
    const summaries = await page.locator('.opblock-summary-description').allTextContents();
    expect(summaries.sort()).toEqual(operations.map((operation) => operation.summary).sort());
    expect(await page.locator('.opblock-summary-path').allTextContents()).toEqual(expect.arrayContaining(['/products', '/products/count', '/metrics']));

    // Expand GET /products: its generated filter parameters render.
    await page.locator('#operations-products-listProducts .opblock-summary').click();
    await page.locator('tr[data-param-name="price__gte"]').waitFor();
    expect(await page.locator('#operations-products-listProducts tr[data-param-name]').count()).toBe(4 + 114 + 2);
    // Expand the Product schema (OpenAPI 3.1: Swagger UI renders JSON Schema 2020-12 articles).
    const product = page.locator('section.models article[data-json-schema-level="0"]').filter({
      has: page.locator('.json-schema-2020-12__title', { hasText: /^Product$/ }),
    });
    await product.scrollIntoViewIfNeeded();
    await product.locator('button.json-schema-2020-12-accordion').first().click();
    await product.getByText('created_at').first().waitFor();

    expect(problems).toEqual([]);
    expect(requested.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'))).toEqual([]);
    expect(requested).toEqual(expect.arrayContaining([`${origin}/openapi.json`, `${origin}/docs/assets/swagger-ui-bundle.js`]));
    await page.close();
  });
});
