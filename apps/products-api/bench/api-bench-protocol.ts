/**
 * What the API benchmark (`api-bench.ts`) and its child processes
 * (`api-bench-server.ts`) exchange over the IPC channel. No side effects: all
 * of them import it.
 */

/** The two API instances measured: no cache at all, and the runtime's default caches. */
export const MODES = ['cold', 'warm'] as const;
export type Mode = (typeof MODES)[number];

/** What a child process is started as (its first command-line argument). */
export type Role = 's3' | 'api';

/** Requests of the parent. `mode` is required by the per-instance operations. */
export type ChildRequest =
  | { readonly id: number; readonly op: 'cpu' | 'gc' | 'exit' }
  /** Zeroes the S3 and HTTP counters of one instance. */
  | { readonly id: number; readonly op: 'reset'; readonly mode: Mode }
  /** Waits until no repository call of the instance runs, then answers its {@link InstanceCounts}. */
  | { readonly id: number; readonly op: 'counts'; readonly mode: Mode }
  /** Empties the data cache of the instance (the response cache lives in it); the object cache stays. */
  | { readonly id: number; readonly op: 'clear'; readonly mode: Mode };

/** Counters of one API instance since its last `reset`. */
export interface InstanceCounts {
  /** HTTP requests that reached the server. */
  readonly http: number;
  /** S3 requests sent by the instance's client (retries included). */
  readonly s3: number;
  readonly s3ByCommand: Readonly<Record<string, number>>;
  /** Whether the wait for running repository calls timed out. */
  readonly busy: boolean;
}

/** Messages of a child. */
export type ChildMessage =
  | { readonly kind: 'ready'; readonly endpoint?: string; readonly ports?: Record<Mode, number> }
  | { readonly kind: 'reply'; readonly id: number; readonly result: unknown }
  | { readonly kind: 'failed'; readonly message: string };
