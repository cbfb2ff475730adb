/**
 * Side-effect module: makes `require('@s3verless/cache')` (and the other
 * workspace names) load the package **sources**, as `tsconfig.test.json`'s
 * `paths` do for jest. ts-node in transpile-only mode ignores `paths`, and the
 * packages' `main` points at `dist/`, which may be missing or older than the
 * sources. Import this first, before anything that imports a workspace package.
 */
import Module from 'node:module';
import path from 'node:path';

const PACKAGES = path.resolve(__dirname, '../packages');
const SOURCES: Readonly<Record<string, string>> = {
  '@s3verless/cache': path.join(PACKAGES, 'cache/src/index.ts'),
  '@s3verless/cache/testing': path.join(PACKAGES, 'cache/src/testing/index.ts'),
  '@s3verless/cache/redis': path.join(PACKAGES, 'cache/src/redis/index.ts'),
  '@s3verless/express-cache': path.join(PACKAGES, 'express-cache/src/index.ts'),
};

type Resolve = (this: unknown, request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve & { sourcePaths?: true } };

if (!loader._resolveFilename.sourcePaths) {
  const original = loader._resolveFilename;
  const resolve: Resolve & { sourcePaths?: true } = function resolveFilename(request, ...rest) {
    return original.call(this, SOURCES[request] ?? request, ...rest);
  };
  resolve.sourcePaths = true;
  loader._resolveFilename = resolve;
}
