import parseurl from 'parseurl';

/**
 * The most `&`-separated pairs a query may have to be cached. Both query
 * parsers Express uses read at most 1,000 pairs (`node:querystring`'s
 * `maxKeys`, `qs`'s `parameterLimit`), and both count empty pairs; past that
 * they silently ignore the rest, which a key must not pretend to see.
 */
export const MAX_QUERY_PAIRS = 1000;

/** Why a request target is not cached: something the route and other parsers may read differently. */
export type TargetRefusal =
  /** A raw `#` (clients never send fragments; parsers drop or keep what follows). */
  | 'fragment'
  /** Neither origin-form (`/path`) nor absolute-form `http(s)://host/path` (e.g. `*`). */
  | 'target-form'
  /** A `%` not followed by two hex digits, or escapes that are not UTF-8: parsers decode these differently. */
  | 'malformed-escape'
  /** More pairs than the query parsers read ({@link MAX_QUERY_PAIRS}, empty pairs included). */
  | 'too-many-parameters';

/** A request target as the router reads it, or why it is not cached. */
export type TargetReading =
  | { readonly kind: 'target'; readonly path: string; readonly query: string }
  | { readonly kind: 'refused'; readonly reason: TargetRefusal };

/**
 * Reads a raw request target (`req.originalUrl`) the way Express's router and
 * `req.query` do: with `parseurl`, so an absolute-form target
 * (`http://host/products/1`) gives its path (`/products/1`), exactly the path
 * the router matches. Refuses targets the parsers may disagree on.
 */
export function readTarget(target: string): TargetReading {
  if (target.includes('#')) return refused('fragment');
  if (!target.startsWith('/') && !/^https?:\/\//i.test(target)) return refused('target-form');
  const parsed = parseurl({ url: target } as never);
  const path = parsed?.pathname;
  if (typeof path !== 'string' || !path.startsWith('/')) return refused('target-form');
  const query = typeof parsed?.query === 'string' ? parsed.query : '';
  if (!decodes(path) || !decodes(query)) return refused('malformed-escape');
  if (pairCount(query) > MAX_QUERY_PAIRS) return refused('too-many-parameters');
  return { kind: 'target', path, query };
}

function refused(reason: TargetRefusal): TargetReading {
  return { kind: 'refused', reason };
}

/** Whether every percent-escape is well formed and the escapes are UTF-8 (as `decodeURIComponent` requires). */
function decodes(text: string): boolean {
  if (!text.includes('%')) return true;
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** `&`-separated pairs, empty ones included (as the parsers count them). */
function pairCount(query: string): number {
  let count = 1;
  for (let at = query.indexOf('&'); at !== -1 && count <= MAX_QUERY_PAIRS; at = query.indexOf('&', at + 1)) count++;
  return count;
}
