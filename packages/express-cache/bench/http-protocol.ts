/**
 * What the HTTP benchmark's parent (`http-cache.ts`) and its server child
 * (`http-server.ts`) share: contender ids, the page path, and the messages
 * they exchange over the IPC channel. No side effects: both import it.
 */

/** The contenders, each served by its own Express app in the child. */
export const CONTENDER_IDS = ['none', 'buffer', 'apicache', 'ours', 'http'] as const;
export type ContenderId = (typeof CONTENDER_IDS)[number];

/** The URL path every app answers (a product list page with a query, as a client would ask it). */
export const PAGE_PATH = '/products?category=garden&page=1&limit=20';

/** Parent to child: `gc` collects garbage, `cpu` answers the child's CPU time so far (µs, user + system). */
export interface ServerRequest {
  readonly id: number;
  readonly op: 'gc' | 'cpu' | 'counts' | 'exit';
}

/** Child to parent: the ports once listening, then one reply per request. */
export type ServerMessage =
  | { readonly kind: 'ready'; readonly ports: Record<ContenderId, number> }
  | { readonly kind: 'reply'; readonly id: number; readonly result?: unknown };

/** Hits, misses and stores of one of our middleware instances. */
export interface OurCounts {
  readonly hits: number;
  readonly misses: number;
  readonly stored: number;
}

/** What `counts` answers: how many times each app's route ran, and our middlewares' counters. */
export interface ServerCounts {
  readonly routeCalls: Record<ContenderId, number>;
  /** `policy: 'ttl'` (`ours`) and `policy: 'http'` (`http`). */
  readonly ours: OurCounts;
  readonly http: OurCounts;
}
