/**
 * The part of autocannon's API the benchmarks use, typed (autocannon ships no
 * type declarations).
 */

/** What a finished run reports. */
export interface AutocannonResult {
  readonly requests: { readonly total: number };
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
}

/** One load-generating connection. */
export interface AutocannonClient {
  setRequests(requests: ReadonlyArray<{ method: string; path: string }>): void;
}

/** Options of a run: a `duration` in seconds or an `amount` of requests. */
export interface AutocannonOptions {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  requests?: ReadonlyArray<{ method: string; path: string }>;
  setupClient?: (client: AutocannonClient) => void;
}

/** A running load: `response` fires for every response with its latency in ms. */
export interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}

type Autocannon = (options: AutocannonOptions, done: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const autocannon = require('autocannon') as Autocannon;
