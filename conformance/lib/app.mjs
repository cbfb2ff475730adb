/**
 * The application under test: an Express 5 app with the cache middleware of
 * the mode (none for `plain`) in front of the forwarder route.
 */
import { createRequire } from 'node:module';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { createForwarder } = require('./forwarder.cjs');

/** Origin fields the suite's client reads on every response (hit or miss): `ttl` mode must replay them. */
export const BOOKKEEPING_HEADERS = [
  'server-request-count', 'server-now', 'server-base-url', 'client-request-count', 'request-numbers',
];

/** Cache middleware options per mode; `plain` has no cache. */
export const MODES = {
  http: { policy: 'http' },
  ttl: { ttl: 3600, storeHeaders: BOOKKEEPING_HEADERS },
  plain: null,
};

/** Raised when the built package does not know `policy: 'http'` (not implemented on this branch). */
export class PolicyMissingError extends Error {
  name = 'PolicyMissingError';
}

/** Raised when the packages are not built (`dist/` missing). */
export class NotBuiltError extends Error {
  name = 'NotBuiltError';
}

const PACKAGES = ['packages/cache', 'packages/express-cache'];

/**
 * Checks that both packages are built; returns warnings for a `dist/` older
 * than its `src/` (the run would measure old code).
 */
export function checkBuilt() {
  const warnings = [];
  for (const pkg of PACKAGES) {
    const entry = path.join(repoRoot, pkg, 'dist/index.js');
    if (!existsSync(entry)) {
      throw new NotBuiltError(`${pkg}/dist/index.js is missing: build the packages first (npm run build, or npx tsc -b) in ${repoRoot}`);
    }
    const built = statSync(entry).mtimeMs;
    const newer = newestMtime(path.join(repoRoot, pkg, 'src'));
    if (newer > built) warnings.push(`${pkg}/src is newer than its dist/: run npx tsc -b to measure the current code`);
  }
  return warnings;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the app for `mode` forwarding to `origin`.
 * @returns {{ app: import('express').Express, options: object | null }}
 */
export function buildApp(mode, origin, { onForwardError } = {}) {
  if (!(mode in MODES)) throw new Error(`unknown mode ${mode}; use one of ${Object.keys(MODES).join(', ')}`);
  const express = require('express');
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  const options = MODES[mode];
  if (options !== null) {
    // The package as built in this repository (its dist/), not an installed copy.
    const { cacheMiddleware } = require(path.join(repoRoot, 'packages/express-cache/dist/index.js'));
    let middleware;
    try {
      middleware = cacheMiddleware({ ...options });
    } catch (err) {
      if (mode === 'http' && err?.name === 'InvalidOptionError' && err.option === 'policy') {
        throw new PolicyMissingError(
          `the built @s3verless/express-cache does not accept { policy: 'http' } (${err.message}): ` +
          `policy 'http' is not implemented in this build`,
        );
      }
      throw err;
    }
    app.use(middleware);
  }
  app.use(createForwarder({ origin, onError: onForwardError }));
  return { app, options };
}
