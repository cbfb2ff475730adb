import type { LeaseTable } from '@s3verless/cache';
import { Flight } from '../flights';
import type { RoutedRequest } from '../middleware-call';
import { HIDDEN_REQUEST_HEADERS } from '../request-headers';
import { backgroundJobOf, dispatchInBackground } from './background';
import type { HttpVariant } from './entry';

/** A background revalidation waiting for its request to reach the middleware. */
export interface PendingRevalidation {
  readonly key: string;
  /** Taken when it was started: concurrent requests see the key as being refreshed. */
  readonly flight: Flight;
  /** The stale response to revalidate. */
  readonly variant: HttpVariant;
}

interface Job extends PendingRevalidation {
  readonly owner: object;
  readonly timer: NodeJS.Timeout;
}

/**
 * The background revalidations (`stale-while-revalidate`) of one middleware
 * instance: at most one per key (its flight marks the key as being refreshed),
 * each given up after `timeoutMs` if its request never reaches the middleware
 * or the route never answers.
 */
export class BackgroundRevalidations {
  private readonly pending = new Map<string, Job>();

  constructor(
    private readonly owner: object,
    private readonly leases: LeaseTable,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Re-dispatches the request `req` made, with the client's headers, to
   * revalidate `variant` in the background. `false` when the framework cannot
   * (the caller then revalidates in the foreground).
   */
  start(req: RoutedRequest, key: string, variant: HttpVariant): boolean {
    const headers = { ...req.headers };
    for (const name of HIDDEN_REQUEST_HEADERS) delete headers[name];
    const flight = new Flight(this.leases, key, true);
    const timer = setTimeout(() => this.end(job), this.timeoutMs);
    timer.unref();
    const job: Job = { owner: this.owner, key, flight, variant, timer };
    this.pending.set(key, job);
    const started = dispatchInBackground(req, headers, job, () => this.end(job));
    if (!started) this.end(job);
    return started;
  }

  /**
   * For a request this instance dispatched: its pending revalidation (now the
   * caller's to run), or `null` when it was given up. `undefined` for any other request.
   */
  take(req: RoutedRequest): PendingRevalidation | null | undefined {
    const marker = backgroundJobOf(req);
    if (marker === undefined || marker.owner !== this.owner) return undefined;
    const job = this.pending.get(marker.key);
    if (job === undefined || job !== marker) return null;
    this.pending.delete(job.key);
    clearTimeout(job.timer);
    return job;
  }

  private end(job: Job): void {
    clearTimeout(job.timer);
    job.flight.finish();
    if (this.pending.get(job.key) === job) this.pending.delete(job.key);
  }
}
