import type { RequestHandler } from 'express';
import { ApiError } from './api-error';

/**
 * The methods a route answers, for its `Allow` header: the ones registered on it, `HEAD` when it
 * has `GET` (Express answers `HEAD` with the `GET` handler), and `OPTIONS`.
 */
export function allowedMethods(route: { readonly methods: Readonly<Record<string, boolean | undefined>> }): string[] {
  const methods = new Set<string>();
  for (const [method, on] of Object.entries(route.methods)) {
    if (!on || method === '_all') continue;
    methods.add(method.toUpperCase());
    if (method === 'get') methods.add('HEAD');
  }
  methods.add('OPTIONS');
  return [...methods];
}

/**
 * The last handler of a route (`router.route(path).get(...).all(otherMethods)`): `OPTIONS` is
 * answered `204` with `Allow` listing the route's own methods, and any other method the route does
 * not take is a `405 method_not_allowed` in the error shape, with the same `Allow`. Express's own
 * `OPTIONS` answer (a `text/plain` body listing the methods of every route whose pattern matches
 * the path) and its 404 for a known path with a wrong method never happen.
 */
export const otherMethods: RequestHandler = (req, res, next) => {
  const allow = allowedMethods(req.route as { methods: Record<string, boolean | undefined> }).join(', ');
  res.setHeader('allow', allow);
  if (req.method === 'OPTIONS') {
    res.status(204).end();
    return;
  }
  next(new ApiError(405, 'method_not_allowed', `${req.method} is not allowed on this path; allowed: ${allow}.`));
};
