/**
 * Lists the routes of an Express 5 app (or router) by walking its router stack: `METHOD /path`
 * with path parameters written the OpenAPI way (`/products/{id}`). Middleware that is not a route
 * (static files, error handlers) is not listed.
 */
import type { Express, Router } from 'express';

interface Layer {
  readonly route?: { readonly path: unknown; readonly methods: Record<string, boolean | undefined> };
  readonly handle: { readonly stack?: readonly Layer[] };
  /** The path the layer was registered with (router 2.x). */
  readonly rawPath?: unknown;
}

function stackOf(appOrRouter: Express | Router): readonly Layer[] {
  const candidate = appOrRouter as unknown as { router?: { stack?: readonly Layer[] }; stack?: readonly Layer[] };
  const stack = candidate.router?.stack ?? candidate.stack;
  if (!Array.isArray(stack)) throw new Error('not an Express 5 app or router: no router stack found');
  return stack;
}

function pathString(path: unknown, where: string): string {
  if (typeof path !== 'string') throw new Error(`${where}: only string route paths can be checked, got ${String(path)}`);
  if (/[{}*()?]/.test(path)) throw new Error(`${where}: the route path ${path} uses syntax this walker does not translate; extend it`);
  return path;
}

/** `/products/:id` -> `/products/{id}`; no trailing slash except for the root. */
export function toOpenApiPath(expressPath: string): string {
  const converted = expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\/{2,}/g, '/');
  return converted.length > 1 ? converted.replace(/\/$/, '') : converted;
}

/** Every route as `GET /products/{id}`, sorted. */
export function listRoutes(appOrRouter: Express | Router): string[] {
  const routes = new Set<string>();
  const walk = (stack: readonly Layer[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        const path = toOpenApiPath(prefix + pathString(layer.route.path, 'route'));
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') routes.add(`${method.toUpperCase()} ${path}`);
        }
      } else if (Array.isArray(layer.handle.stack)) {
        const mount = layer.rawPath === undefined ? '/' : pathString(layer.rawPath, 'mount');
        walk(layer.handle.stack, mount === '/' ? prefix : prefix + mount);
      }
    }
  };
  walk(stackOf(appOrRouter), '');
  return [...routes].sort();
}
