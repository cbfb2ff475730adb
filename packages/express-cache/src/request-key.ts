import { createHash } from 'node:crypto';
import { canonicalQuery } from './keys/canonical-query';
import type { QueryParserKind } from './keys/query-parser';
import { readTarget } from './keys/request-target';

/** The default key of a request, or why it is not cached (`reason` appears in `Cache-Status`). */
export type KeyDecision = { readonly kind: 'key'; readonly key: string } | { readonly kind: 'bypass'; readonly reason: string };

/** How default keys are written. */
export interface KeyFormat {
  /** First segment (`'response'`). */
  readonly prefix: string;
  /** Longest key; past it the query is hashed, and a path too long even then is not cached. */
  readonly maxLength: number;
  /** The app's query parser (see `queryParserOf`). Default `'simple'`. */
  readonly parser?: QueryParserKind;
}

/**
 * The default cache key of a request target: `{prefix}:{path}:{query}` — the
 * guide's `response:{path}:{query}` — built from what the route sees (see
 * "What a key means" in the package README):
 *
 * - the path is the one the router matches (`parseurl`: absolute-form reduced
 *   to its path), decoded and lower-cased, so that `pathPattern('/products/aB')`
 *   covers every variant the router sends to that path (`/Products/aB`,
 *   `/products/%61B`, `http://host/products/aB`); when that differs from the
 *   path as sent, the exact path follows the query (`|/Products/%61B`, with `%`
 *   and `:` escaped), because the router matches the path as sent and route
 *   parameters keep their case;
 * - the query is {@link canonicalQuery} for the app's parser;
 * - targets parsers may disagree on (a raw `#`, a malformed escape, more than
 *   1,000 pairs, not origin- or absolute-form) are not cached.
 *
 * Past `maxLength` the query part is replaced by its SHA-256
 * (`{prefix}:{path}:#{hash}`); a path too long for even that is not cached
 * (`key-length`), so that every stored key starts with its path.
 */
export function requestKey(target: string, format: KeyFormat): KeyDecision {
  const read = readTarget(target);
  if (read.kind === 'refused') return { kind: 'bypass', reason: read.reason };
  const query = canonicalQuery(read.query, format.parser ?? 'simple');
  if (query === undefined) return { kind: 'bypass', reason: 'malformed-escape' };
  const lower = decodeURIComponent(read.path).toLowerCase();
  const rest = lower === read.path ? query : `${query}|${read.path.replace(/[%:]/g, (c) => (c === '%' ? '%25' : '%3A'))}`;
  const key = `${format.prefix}:${lower}:${rest}`;
  if (key.length <= format.maxLength) return { kind: 'key', key };
  const hashed = `${format.prefix}:${lower}:#${sha256(rest)}`;
  return hashed.length <= format.maxLength ? { kind: 'key', key: hashed } : { kind: 'bypass', reason: 'key-length' };
}

/**
 * The glob matching the default keys of `path` and of everything below it,
 * whatever the case and form of the targets that reached it:
 * `response:/products*`.
 */
export function pathKeyPattern(prefix: string, path: string, escape: (text: string) => string): string {
  return `${prefix}:${escape(path.toLowerCase())}*`;
}

/** Targets longer than this are not remembered by {@link RequestKeyMemo} (their keys are computed each time). */
const MEMO_MAX_TARGET_LENGTH = 1024;

/**
 * The default keys of recently seen targets. Computing a key parses, decodes
 * and re-encodes the query (microseconds); a cache hit should not pay that for
 * every request of a popular URL, so the decision for each of the last
 * `capacity` distinct (parser, target) pairs is kept (oldest forgotten first).
 * The decision of a target never changes, so nothing here can go stale.
 */
export class RequestKeyMemo {
  private readonly decisions = new Map<string, KeyDecision>();

  constructor(
    private readonly prefix: string,
    private readonly maxLength: number,
    private readonly capacity = 1000,
  ) {}

  /** The same as `requestKey(target, { prefix, maxLength, parser })`. */
  keyOf(target: string, parser: QueryParserKind): KeyDecision {
    const memoKey = `${parser[0]}${target}`;
    let decision = this.decisions.get(memoKey);
    if (decision !== undefined) return decision;
    decision = requestKey(target, { prefix: this.prefix, maxLength: this.maxLength, parser });
    if (target.length <= MEMO_MAX_TARGET_LENGTH) {
      if (this.decisions.size >= this.capacity) this.decisions.delete(this.decisions.keys().next().value as string);
      this.decisions.set(memoKey, decision);
    }
    return decision;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
