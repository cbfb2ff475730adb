import type { RoutedRequest } from './middleware-call';

/**
 * Request headers hidden from the route while it produces a response to store:
 * validators (so it answers 200, not a 304 that cannot be stored; this cache
 * answers 304 itself) and Accept-Encoding (so a `compression()` mounted after
 * this middleware does not compress what is stored). They are put back before
 * anything is sent.
 */
export const HIDDEN_REQUEST_HEADERS: readonly string[] = ['if-none-match', 'if-modified-since', 'accept-encoding'];

/** Request headers changed for the route; `restore` puts the originals back (idempotent). */
export interface HeaderOverride {
  restore(): void;
}

/**
 * Removes `hidden` request headers and sets `replacements` while the route
 * produces a response for the cache (e.g. the client's validators hidden, the
 * cache's own set for a revalidation); `restore` brings the request back to
 * what the client sent before anything is sent or inspected.
 * `headersDistinct` and `rawHeaders` are changed too, for routes (proxies)
 * that read those instead of `headers`.
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
  const views = saved.length > 0 ? overrideViews(req, hidden, replacements) : undefined;
  return {
    restore: () => {
      for (const [name, value] of saved.splice(0)) {
        if (value === undefined) delete req.headers[name];
        else req.headers[name] = value as string;
      }
      views?.restore();
    },
  };
}

/** The same change on `headersDistinct` and `rawHeaders`. */
function overrideViews(
  req: RoutedRequest,
  hidden: readonly string[],
  replacements: ReadonlyArray<readonly [string, string]>,
): HeaderOverride {
  const changed = new Set([...hidden, ...replacements.map(([name]) => name)]);
  const distinct = req.headersDistinct;
  const raw = req.rawHeaders;
  const nextDistinct: Record<string, string[]> = {};
  for (const name of Object.keys(distinct)) if (!changed.has(name)) nextDistinct[name] = distinct[name] as string[];
  const nextRaw: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (!changed.has(raw[i].toLowerCase())) nextRaw.push(raw[i], raw[i + 1]);
  for (const [name, value] of replacements) {
    nextDistinct[name] = [value];
    nextRaw.push(name, value);
  }
  req.headersDistinct = nextDistinct as NodeJS.Dict<string[]>;
  req.rawHeaders = nextRaw;
  let restored = false;
  return {
    restore: () => {
      if (restored) return;
      restored = true;
      req.headersDistinct = distinct;
      req.rawHeaders = raw;
    },
  };
}
