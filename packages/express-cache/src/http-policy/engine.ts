import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { CacheLease } from '@s3verless/cache';
import type { CacheCore } from '../cache-core';
import { type CapturedResponse, ResponseCapture } from '../capture';
import { awaitFlight, Flight } from '../flights';
import { forwardStatus, hitStatus } from '../http/cache-status';
import { invalidateAfter } from '../invalidate-after';
import type { NextCallback, RoutedRequest } from '../middleware-call';
import type { ResolvedOptions } from '../options';
import { HIDDEN_REQUEST_HEADERS, overrideHeaders } from '../request-headers';
import { keyOfRequest } from '../request-policy';
import { answerNotModified } from '../send-entry';
import { BackgroundRevalidations } from './background-revalidations';
import { type HttpRecord, type HttpVariant, isHttpRecord, keepSeconds, withVariant } from './entry';
import { freshnessOf } from './freshness';
import { type RequestDirectives, requestDirectives } from './request-directives';
import { responseDirectives } from './response-directives';
import { type Reuse, reuseOf } from './reuse';
import { describedByHead, freshened, selectedBy304, validatorsOf } from './revalidation';
import { sendVariant } from './send-variant';
import { storability } from './storability';
import { storedHeaders } from './stored-headers';
import { SAFE_METHODS, unsafeInvalidationPatterns } from './unsafe-invalidation';
import { varyMatches, varyValues } from './vary';

/** Why the route runs: the `fwd` of `Cache-Status`. */
type Forward = 'miss' | 'vary-miss' | 'request' | 'stale';

/** How a request that runs the route relates to what is stored. */
interface RouteRun {
  readonly key: string;
  readonly fwd: Forward;
  /** The stored response being revalidated (its validators are sent), if any. */
  readonly stale?: HttpVariant;
  /** The stored response that replaces a 5xx (`stale-if-error`), if any. */
  readonly fallback?: HttpVariant;
  /** Whether later requests for the key may wait for this one. */
  readonly lead: boolean;
  /** A flight already taken (background revalidation), else one is taken. */
  readonly flight?: Flight;
  /** Whether the request carried `Authorization` (stored only as RFC 9111 section 3.5 allows). */
  readonly authorized: boolean;
}

/** A HEAD has no body to store: its answer can only freshen the stored GET response (section 4.3.5). */
function isHead(req: RoutedRequest): boolean {
  return req.method === 'HEAD';
}

/**
 * The engine behind `cacheMiddleware({ policy: 'http' })`: a shared HTTP
 * cache (RFC 9111, RFC 5861, RFC 9213) in front of the routes. See the
 * README section "policy: 'http'".
 */
export class HttpPolicyCache {
  private readonly name: string;
  private readonly background: BackgroundRevalidations;

  constructor(
    readonly options: ResolvedOptions,
    private readonly core: CacheCore,
  ) {
    this.name = options.cacheStatusName;
    this.background = new BackgroundRevalidations(this, core.leases, options.coalesceTimeout);
  }

  handle(req: RoutedRequest, res: ServerResponse, next: NextCallback): void {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      if (SAFE_METHODS.has(method)) return next();
      // RFC 9111 section 4.4, through the lease machinery: the response is held until the invalidation is done.
      return invalidateAfter(this.core, (r: RoutedRequest, s: ServerResponse) =>
        unsafeInvalidationPatterns(r, s, this.options, this.core.defaultKeys),
      )(req, res, next);
    }
    const pending = this.background.take(req);
    if (pending === null) return next(); // a background revalidation given up: let the app answer it
    if (pending !== undefined) {
      const { key, variant, flight } = pending;
      return this.runRoute(req, res, next, { key, fwd: 'stale', stale: variant, lead: true, flight, authorized: false });
    }
    const headers = req.headers;
    const authenticated = this.options.authenticated === 'bypass';
    if (authenticated && headers.cookie !== undefined) return this.core.bypass(res, next, 'authenticated');
    if (this.options.bypassHeader !== null && headers[this.options.bypassHeader] !== undefined) {
      return this.core.bypass(res, next, 'bypass-header');
    }
    const directives = requestDirectives(headers);
    if (directives.noStore) return this.core.bypass(res, next, 'no-store');
    const decision = keyOfRequest(req, this.options, this.core.defaultKeys);
    if (decision.kind === 'bypass') return this.core.bypass(res, next, decision.reason);
    const key = decision.key;
    if (authenticated && headers.authorization !== undefined) {
      // A shared cache never answers a request with credentials from storage; its response is stored only if it says it may be shared.
      if (method === 'HEAD') return this.core.bypass(res, next, 'authenticated');
      return this.runRoute(req, res, next, { key, fwd: 'request', lead: false, authorized: true });
    }
    this.core.backend.read(key, (value) => {
      try {
        this.answer(req, res, next, key, isHttpRecord(value) ? value : undefined, directives)?.catch(next);
      } catch (error) {
        next(error);
      }
    });
  }

  /** What to do once the backend answered `record` (or nothing) for `key`. */
  private answer(
    req: RoutedRequest, res: ServerResponse, next: NextCallback, key: string, record: HttpRecord | undefined, directives: RequestDirectives,
  ): Promise<void> | undefined {
    const variant = record?.variants.find((candidate) => varyMatches(candidate.vary, req.headers));
    let reuse: Reuse | undefined;
    if (variant !== undefined) {
      reuse = reuseOf(variant, directives, this.options.clock.now());
      if (reuse.kind === 'fresh') {
        this.core.counters.record('hit', key);
        return void sendVariant(req, res, variant, reuse.age, 'HIT', hitStatus(this.name, reuse.left));
      }
      if (reuse.kind === 'max-stale') return void this.serveStale(req, res, key, variant, reuse, 'max-stale');
      if (reuse.kind === 'stale-while-revalidate') {
        if (this.core.leases.current(key)?.flight !== undefined || this.background.start(req, key, variant)) {
          return void this.serveStale(req, res, key, variant, reuse, 'stale-while-revalidate');
        }
      }
    }
    if (directives.onlyIfCached) return void this.gatewayTimeout(res, key);
    const fallback = reuse?.kind === 'revalidate' && reuse.staleIfError ? variant : undefined;
    const running = this.core.leases.current(key)?.flight;
    if (running !== undefined) return this.join(req, res, next, key, running, fallback, directives);
    if (isHead(req) && variant === undefined) return void this.passHead(res, next, key);
    const fwd: Forward = variant !== undefined ? (directives.noCache || directives.maxAge !== undefined ? 'request' : 'stale') : record !== undefined ? 'vary-miss' : 'miss';
    return void this.runRoute(req, res, next, { key, fwd, stale: variant, fallback, lead: !isHead(req), authorized: false });
  }

  private serveStale(req: RoutedRequest, res: ServerResponse, key: string, variant: HttpVariant, reuse: Reuse, why: string): void {
    this.core.counters.record('stale', key, why);
    sendVariant(req, res, variant, reuse.age, 'STALE', hitStatus(this.name, reuse.left, why));
  }

  private gatewayTimeout(res: ServerResponse, key: string): void {
    this.core.counters.record('miss', key, 'only-if-cached');
    res.statusCode = 504;
    res.setHeader('x-cache', 'MISS');
    res.setHeader('cache-status', `${this.name}; detail="only-if-cached"`);
    res.setHeader('content-length', '0');
    res.end();
  }

  /** HEAD without a usable stored response: the route answers it; nothing is stored (there is no body). */
  private passHead(res: ServerResponse, next: NextCallback, key: string): void {
    res.setHeader('x-cache', 'MISS');
    res.setHeader('cache-status', forwardStatus(this.name, 'miss'));
    this.core.counters.record('miss', key);
    next();
  }

  /** Waits for the request already running the route for `key`; uses its response if it fits this request. */
  private async join(
    req: RoutedRequest, res: ServerResponse, next: NextCallback, key: string, running: Promise<unknown>,
    fallback: HttpVariant | undefined, directives: RequestDirectives,
  ): Promise<void> {
    const outcome = await awaitFlight(running, this.options.coalesceTimeout);
    if (outcome.kind === 'variant' && varyMatches(outcome.variant.vary, req.headers)) {
      this.core.counters.record('coalesced', key);
      const reuse = reuseOf(outcome.variant, { ...directives, noCache: false, maxAge: undefined }, this.options.clock.now());
      return sendVariant(req, res, outcome.variant, reuse.age, 'MISS', forwardStatus(this.name, 'miss', { collapsed: true }));
    }
    if (req.method === 'HEAD') return this.passHead(res, next, key);
    this.runRoute(req, res, next, { key, fwd: 'miss', fallback, lead: false, authorized: false });
  }

  /** Runs the route while holding its response, then stores (or freshens) and sends it. */
  private runRoute(req: RoutedRequest, res: ServerResponse, next: NextCallback, run: RouteRun): void {
    const { key } = run;
    const flight = run.flight ?? new Flight(this.core.leases, key, run.lead);
    // The backend's lease, taken before the route reads its data (see policy 'ttl').
    const backendLease = this.core.backend.lease(key);
    const before = { ...res.getHeaders() };
    const override = overrideHeaders(req, HIDDEN_REQUEST_HEADERS, run.stale === undefined ? [] : validatorsOf(run.stale));
    const requestTime = this.options.clock.now();
    try {
      res.setHeader('x-cache', 'MISS');
      res.setHeader('cache-status', forwardStatus(this.name, run.fwd));
      this.core.counters.record('miss', key, run.fwd === 'miss' ? undefined : run.fwd);
      const capture: ResponseCapture = new ResponseCapture(
        res,
        this.options.maxBodyBytes,
        {
          complete: (captured) => this.complete(req, res, run, captured, capture, flight, backendLease, before, requestTime),
          streamed: (reason) => {
            this.core.counters.record('not-stored', key, reason);
            flight.finish();
            this.core.giveUp(key, backendLease);
          },
          aborted: () => {
            flight.finish();
            this.core.giveUp(key, backendLease);
          },
        },
        override.restore,
      );
    } catch (error) {
      override.restore();
      flight.finish();
      this.core.giveUp(key, backendLease);
      throw error;
    }
    next();
  }

  private complete(
    req: RoutedRequest, res: ServerResponse, run: RouteRun, captured: CapturedResponse, capture: ResponseCapture,
    flight: Flight, backendLease: Promise<CacheLease | undefined>, before: OutgoingHttpHeaders, requestTime: number,
  ): void {
    const { key } = run;
    const now = this.options.clock.now();
    const send = (body: Buffer | null) => capture.send(body);
    if (captured.status >= 500 && run.fallback !== undefined) {
      resetHeaders(res, before);
      const age = run.fallback.freshness.initialAge + (now - run.fallback.responseTime) / 1000;
      this.core.counters.record('stale', key, 'stale-if-error');
      flight.finish({ kind: 'variant', variant: run.fallback });
      this.core.giveUp(key, backendLease);
      const status = hitStatus(this.name, run.fallback.freshness.lifetime - age, 'stale-if-error');
      return sendVariant(req, res, run.fallback, age, 'STALE', status, send);
    }
    const confirmed = run.stale !== undefined && (captured.status === 304
      ? selectedBy304(run.stale, captured.headers)
      : isHead(req) && captured.status === 200 && describedByHead(run.stale, captured.headers));
    if (confirmed && run.stale !== undefined) {
      const updated = freshened(run.stale, captured.headers, before, requestTime, now, this.options.http);
      const stored = this.store(key, updated, flight, backendLease);
      resetHeaders(res, before);
      this.core.counters.record('hit', key, 'revalidated');
      const status = forwardStatus(this.name, run.fwd, { fwdStatus: captured.status, stored, detail: stored ? undefined : 'invalidated' });
      return sendVariant(req, res, updated, updated.freshness.initialAge, 'REVALIDATED', status, send);
    }
    const directives = responseDirectives(captured.headers, this.options.http.targetedCacheControl);
    const freshness = freshnessOf(captured.status, captured.headers, directives, requestTime, now, this.options.http.heuristicMaxAge);
    const decision = captured.status === 304 || isHead(req)
      ? { store: false as const, reason: isHead(req) ? 'head' : 'status-304' }
      : storability({ status: captured.status, headers: captured.headers, directives, freshness, authorized: run.authorized });
    const fwdStatus = run.stale !== undefined ? captured.status : undefined;
    if (!decision.store) {
      this.core.counters.record('not-stored', key, decision.reason);
      res.setHeader('cache-status', forwardStatus(this.name, run.fwd, { fwdStatus, detail: decision.reason }));
      flight.finish();
      this.core.giveUp(key, backendLease);
      const etag = res.getHeader('etag');
      const notModified = captured.status === 200 && answerNotModified(req, res, typeof etag === 'string' ? etag : undefined);
      return send(notModified ? null : captured.body);
    }
    const variant: HttpVariant = {
      status: captured.status,
      headers: storedHeaders(captured.headers, before, directives.noCacheFields, now),
      body: captured.body.toString('base64'),
      requestTime,
      responseTime: now,
      vary: varyValues(captured.headers.vary, req.headers),
      freshness,
    };
    const stored = this.store(key, variant, flight, backendLease);
    res.setHeader('cache-status', forwardStatus(this.name, run.fwd, { fwdStatus, stored, detail: stored ? undefined : 'invalidated' }));
    const etag = res.getHeader('etag');
    const notModified = captured.status === 200 && answerNotModified(req, res, typeof etag === 'string' ? etag : undefined);
    send(notModified ? null : captured.body);
  }

  /**
   * Stores `variant` under `key` (with the other variants the backend holds
   * once the lease is held), unless the key was invalidated since the route
   * started; hands it to the requests waiting. Returns whether it is stored.
   */
  private store(key: string, variant: HttpVariant, flight: Flight, backendLease: Promise<CacheLease | undefined>): boolean {
    // Checked and written in the same synchronous step as in policy 'ttl'.
    const valid = flight.valid;
    if (valid) {
      const { maxVariants, retainStale } = this.options.http;
      void this.core.write(key, backendLease, async () => {
        const current = await this.core.backend.get(key);
        const record = withVariant(isHttpRecord(current) ? current : undefined, variant, maxVariants);
        return { value: record, ttl: keepSeconds(record, this.options.clock.now(), retainStale) };
      });
    } else {
      this.core.counters.record('not-stored', key, 'invalidated');
      this.core.giveUp(key, backendLease);
    }
    flight.finish({ kind: 'variant', variant });
    return valid;
  }
}

/** Removes what the route set on `res`, keeping what was there before it ran. */
function resetHeaders(res: ServerResponse, before: OutgoingHttpHeaders): void {
  for (const name of res.getHeaderNames()) if (!(name in before)) res.removeHeader(name);
}
