import type { RoutedRequest } from './middleware-call';

/** Request headers changed for the route; `restore` puts the originals back (idempotent). */
export interface HeaderOverride {
  restore(): void;
}

/**
 * Removes `hidden` request headers and sets `replacements` while the route
 * produces a response for the cache (e.g. the client's validators hidden, the
 * cache's own set for a revalidation); `restore` brings the request back to
 * what the client sent before anything is sent or inspected.
 */
export function overrideHeaders(
  req: RoutedRequest,
  hidden: readonly string[],
  replacements: ReadonlyArray<readonly [string, string]> = [],
): HeaderOverride {
  const saved: Array<[string, string | string[] | undefined]> = [];
  for (const name of hidden) {
    if (req.headers[name] !== undefined) {
      saved.push([name, req.headers[name]]);
      delete req.headers[name];
    }
  }
  for (const [name, value] of replacements) {
    if (!saved.some(([savedName]) => savedName === name)) saved.push([name, req.headers[name]]);
    req.headers[name] = value;
  }
  return {
    restore: () => {
      for (const [name, value] of saved.splice(0)) {
        if (value === undefined) delete req.headers[name];
        else req.headers[name] = value as string;
      }
    },
  };
}
