import type { ServerResponse } from 'node:http';
import type { NextCallback, RoutedRequest } from './middleware-call';
import type { CacheLease } from '@s3verless/cache';
import { CacheCore } from './cache-core';
import { type CapturedResponse, ResponseCapture } from './capture';
import type { ResponseCacheCounters } from './events';
import { awaitFlight, Flight } from './flights';
import { forwardStatus, hitStatus } from './http/cache-status';
import { strongEtag } from './http/etag';
import type { ResolvedOptions } from './options';
import { HIDDEN_REQUEST_HEADERS, overrideHeaders } from './request-headers';
import { decideRequest } from './request-policy';
import { decideStore } from './response-policy';
import { answerNotModified, sendEntry } from './send-entry';
import { isStoredResponse, STORED_HEADERS, type StoredResponse, toStoredResponse } from './stored-response';

type Forward = 'miss' | 'request' | 'stale';

/** The engine behind {@link cacheMiddleware} with `policy: 'ttl'`: one per middleware instance. */
export class ResponseCache {
  /** Backend lifetime of an entry: fresh time plus the longest stale window. */
  private readonly keepSeconds: number;
  private readonly core: CacheCore;
  private readonly counters: ResponseCacheCounters;

  constructor(readonly options: ResolvedOptions, core: CacheCore) {
    this.core = core;
    this.counters = core.counters;
    this.keepSeconds = options.ttl + Math.max(options.staleWhileRevalidate, options.staleIfError);
  }

  private get leases() {
    return this.core.leases;
  }

  private get backend() {
    return this.core.backend;
  }

  /**
   * Answers a request from the cache, or runs the route (holding its response
   * to store it). The fast path — a fresh hit — reads the backend once and
   * replies as soon as it answers, with no `async` frame and no promise of its
   * own in between. A failing backend is a miss; an error of the route's
   * plumbing goes to `next`.
   */
  handle(req: RoutedRequest, res: ServerResponse, next: NextCallback): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const decision = decideRequest(req, this.options, this.core.defaultKeys);
    if (decision.kind === 'bypass') return this.core.bypass(res, next, decision.reason);
    const { key } = decision;
    if (decision.kind === 'refresh') return this.runRoute(req, res, next, key, 'request', undefined, true);
    this.lookup(req, res, next, key);
  }

  /** {@link answer}, with what it throws or rejects with handed to `next`. */
  private respond(req: RoutedRequest, res: ServerResponse, next: NextCallback, key: string, entry: StoredResponse | undefined): void {
    try {
      this.answer(req, res, next, key, entry)?.catch(next);
    } catch (error) {
      next(error);
    }
  }

  /** What to do once the backend answered `entry` (or nothing) for a lookup of `key`. */
  private answer(
    req: RoutedRequest, res: ServerResponse, next: NextCallback, key: string, entry: StoredResponse | undefined,
  ): Promise<void> | undefined {
    let fallback: StoredResponse | undefined;
    if (entry !== undefined) {
      const ageMs = this.options.clock.now() - entry.storedAt;
      const leftMs = entry.ttl * 1000 - ageMs;
      if (leftMs > 0) {
        this.counters.record('hit', key);
        return void sendEntry(req, res, entry, ageMs / 1000, 'HIT', hitStatus(this.options.cacheStatusName, leftMs / 1000));
      }
      if (-leftMs < this.options.staleWhileRevalidate * 1000) {
        if (this.leases.current(key)?.flight !== undefined) {
          this.counters.record('stale', key, 'stale-while-revalidate');
          const status = hitStatus(this.options.cacheStatusName, leftMs / 1000, 'stale-while-revalidate');
          return void sendEntry(req, res, entry, ageMs / 1000, 'STALE', status);
        }
        return void this.runRoute(req, res, next, key, 'stale', this.withinStaleIfError(entry), true);
      }
      fallback = this.withinStaleIfError(entry);
    }
    const running = this.leases.current(key)?.flight;
    if (running !== undefined) return this.join(req, res, next, key, running, fallback);
    if (req.method === 'HEAD') {
      // Express answers HEAD without a body: nothing to store. Let it through.
      res.setHeader('x-cache', 'MISS');
      res.setHeader('cache-status', forwardStatus(this.options.cacheStatusName, 'miss'));
      this.counters.record('miss', key);
      return void next();
    }
    return void this.runRoute(req, res, next, key, 'miss', fallback, true);
  }

  /** Waits for the request already running the route for `key`, and sends its response (or runs the route). */
  private async join(
    req: RoutedRequest, res: ServerResponse, next: NextCallback, key: string, running: Promise<unknown>, fallback: StoredResponse | undefined,
  ): Promise<void> {
    const outcome = await awaitFlight(running, this.options.coalesceTimeout);
    if (outcome.kind === 'entry') {
      this.counters.record('coalesced', key);
      const ageSeconds = (this.options.clock.now() - outcome.entry.storedAt) / 1000;
      const status = forwardStatus(this.options.cacheStatusName, 'miss', { collapsed: true });
      return sendEntry(req, res, outcome.entry, ageSeconds, 'MISS', status);
    }
    return this.runRoute(req, res, next, key, 'miss', fallback, false);
  }

  /** Runs the route while holding its response, then stores and sends it. */
  private runRoute(
    req: RoutedRequest,
    res: ServerResponse,
    next: NextCallback,
    key: string,
    forward: Forward,
    fallback: StoredResponse | undefined,
    lead: boolean,
  ): void {
    const flight = new Flight(this.leases, key, lead);
    // The backend's lease, taken before the route reads its data: a write or
    // invalidation of the key anywhere (another instance, for a shared backend)
    // makes the fill below store nothing.
    const backendLease = this.backend.lease(key);
    const hidden = overrideHeaders(req, HIDDEN_REQUEST_HEADERS);
    try {
      res.setHeader('x-cache', 'MISS');
      res.setHeader('cache-status', forwardStatus(this.options.cacheStatusName, forward));
      this.counters.record('miss', key);
      const capture: ResponseCapture = new ResponseCapture(
        res,
        this.options.maxBodyBytes,
        {
          complete: (captured) => this.complete(req, res, key, captured, capture, flight, backendLease, forward, fallback),
          streamed: (reason) => {
            this.counters.record('not-stored', key, reason);
            flight.finish();
            this.giveUp(key, backendLease);
          },
          aborted: () => {
            flight.finish();
            this.giveUp(key, backendLease);
          },
        },
        hidden.restore,
      );
    } catch (error) {
      // Whatever failed before the route runs, the waiters are released (they run the route themselves).
      hidden.restore();
      flight.finish();
      this.giveUp(key, backendLease);
      throw error;
    }
    next();
  }

  private complete(
    req: RoutedRequest,
    res: ServerResponse,
    key: string,
    captured: CapturedResponse,
    capture: ResponseCapture,
    flight: Flight,
    backendLease: Promise<CacheLease | undefined>,
    forward: Forward,
    fallback: StoredResponse | undefined,
  ): void {
    const name = this.options.cacheStatusName;
    if (captured.status >= 500 && fallback !== undefined) {
      for (const header of STORED_HEADERS) res.removeHeader(header);
      res.removeHeader('set-cookie');
      const ageMs = this.options.clock.now() - fallback.storedAt;
      const status = hitStatus(name, (fallback.ttl * 1000 - ageMs) / 1000, 'stale-if-error');
      this.counters.record('stale', key, 'stale-if-error');
      flight.finish({ kind: 'entry', entry: fallback });
      this.giveUp(key, backendLease);
      sendEntry(req, res, fallback, ageMs / 1000, 'STALE', status, (body) => capture.send(body));
      return;
    }
    const decision = decideStore(captured, this.options);
    if (!decision.store) {
      this.counters.record('not-stored', key, decision.reason);
      res.setHeader('cache-status', forwardStatus(name, forward, { detail: decision.reason }));
      flight.finish();
      this.giveUp(key, backendLease);
      const etag = res.getHeader('etag');
      const notModified = captured.status === 200 && answerNotModified(req, res, typeof etag === 'string' ? etag : undefined);
      capture.send(notModified ? null : captured.body);
      return;
    }
    const existing = captured.headers.etag;
    const etag = typeof existing === 'string' ? existing : strongEtag(captured.body);
    if (existing === undefined) res.setHeader('etag', etag);
    const entry = toStoredResponse(
      captured.status, captured.headers, captured.body, etag, this.options.clock.now(), decision.ttl, this.options.storeHeaders,
    );
    // Checked and written in the same synchronous step: an invalidation either
    // came before (lease revoked: not stored) or will come after the write.
    const stored = flight.valid;
    if (stored) void this.write(key, entry, backendLease);
    else {
      this.counters.record('not-stored', key, 'invalidated');
      this.giveUp(key, backendLease);
    }
    res.setHeader('cache-status', forwardStatus(name, forward, { stored, detail: stored ? undefined : 'invalidated' }));
    flight.finish({ kind: 'entry', entry });
    capture.send(answerNotModified(req, res, etag) ? null : captured.body);
  }

  private withinStaleIfError(entry: StoredResponse): StoredResponse | undefined {
    const staleMs = this.options.clock.now() - entry.storedAt - entry.ttl * 1000;
    return staleMs < this.options.staleIfError * 1000 ? entry : undefined;
  }

  /** Reads `key` and answers from what it holds; a failing or slow backend is a miss (counted), never an error. */
  private lookup(req: RoutedRequest, res: ServerResponse, next: NextCallback, key: string): void {
    this.backend.read(key, (value) => this.respond(req, res, next, key, isStoredResponse(value) ? value : undefined));
  }

  /** Stores through the backend's lease: a write or invalidation since it was taken, anywhere, stores nothing. */
  private write(key: string, entry: StoredResponse, backendLease: Promise<CacheLease | undefined>): Promise<void> {
    return this.core.write(key, backendLease, () => ({ value: entry, ttl: this.keepSeconds }));
  }

  /** Gives the backend's lease back once it arrives (the response will not be stored). */
  private giveUp(key: string, backendLease: Promise<CacheLease | undefined>): void {
    this.core.giveUp(key, backendLease);
  }
}
