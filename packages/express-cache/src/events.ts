/** What the response cache did with a request, or an error it absorbed. */
export type ResponseCacheEventType =
  | 'hit' // served from a fresh entry
  | 'stale' // served a stale entry (stale-while-revalidate or stale-if-error)
  | 'miss' // ran the route
  | 'coalesced' // received the response of a concurrent request for the same key
  | 'bypass' // not eligible (method, authentication, no-store, key function)
  | 'stored' // a response was stored
  | 'not-stored' // a response could not be stored (reason says why)
  | 'error' // a backend call failed or timed out; the request went on without the cache
  | 'invalidated'; // entries were invalidated

/** An event passed to the `onEvent` option. */
export interface ResponseCacheEvent {
  readonly type: ResponseCacheEventType;
  /** The cache key, when the event concerns one request. */
  readonly key?: string;
  /** Why (bypass, not-stored, stale kind, error operation). */
  readonly reason?: string;
  /** The error, for `error` events. */
  readonly error?: unknown;
}

/** Counters returned by `stats()`. */
export interface ResponseCacheStats {
  readonly hits: number;
  readonly stale: number;
  readonly misses: number;
  readonly coalesced: number;
  readonly bypasses: number;
  readonly stored: number;
  readonly notStored: number;
  readonly errors: number;
  readonly invalidations: number;
}

const FIELD: Record<ResponseCacheEventType, keyof ResponseCacheStats> = {
  hit: 'hits',
  stale: 'stale',
  miss: 'misses',
  coalesced: 'coalesced',
  bypass: 'bypasses',
  stored: 'stored',
  'not-stored': 'notStored',
  error: 'errors',
  invalidated: 'invalidations',
};

/** Counts events and forwards them to the `onEvent` hook (a hook that throws is ignored). */
export class ResponseCacheCounters {
  private readonly counts: Record<keyof ResponseCacheStats, number> = {
    hits: 0, stale: 0, misses: 0, coalesced: 0, bypasses: 0, stored: 0, notStored: 0, errors: 0, invalidations: 0,
  };

  constructor(private readonly hook: ((event: ResponseCacheEvent) => void) | undefined) {}

  record(type: ResponseCacheEventType, key?: string, reason?: string, error?: unknown): void {
    this.counts[FIELD[type]]++;
    if (this.hook === undefined) return;
    try {
      this.hook({ type, key, reason, error });
    } catch {
      // An observer must not break the request it observes.
    }
  }

  snapshot(): ResponseCacheStats {
    return { ...this.counts };
  }
}
