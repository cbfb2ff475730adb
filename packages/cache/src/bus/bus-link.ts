import { randomUUID } from 'node:crypto';
import type { CacheBackend } from '../backend';
import { performance } from 'node:perf_hooks';
import { InvalidationBusError, InvalidOptionError, type MalformedBusMessageError } from '../errors';
import { compileGlob } from '../glob';
import type { LeaseTable } from '../lease-table';
import { StoreCache } from '../store-cache';
import { defaultTtlOf, type TierRunner } from '../tier-runner';
import { assertKnownOptions, describe } from '../validate';
import type { InvalidationBus, InvalidationMessage, InvalidationOp } from './invalidation-bus';

/** The `bus` option of `CompositeCache`. */
export interface CompositeBusOptions {
  /** The transport shared by the instances, e.g. a `RedisInvalidationBus` or a `MemoryBusHub` member. */
  readonly transport: InvalidationBus;
  /**
   * Positions of the **in-process** tiers: the ones a message from another
   * instance evicts, and the ones that get {@link degradedTtl} while the bus is
   * down. The other tiers are shared (Redis): the writer has already written
   * them, so messages leave them alone. Default: the tiers that are
   * `InMemoryCache` or `LRUCache`; pass it for any other in-process backend.
   */
  readonly localTiers?: readonly number[];
  /**
   * Longest lifetime, in seconds, of an entry written into a local tier while
   * the bus is disconnected (messages may be missed meanwhile). Default `1`.
   */
  readonly degradedTtl?: number;
  /** Whether `close()` of the cache also closes the transport. Default `true`; `false` to share one transport. */
  readonly closeTransport?: boolean;
  /** This instance's id in messages (`origin`). Default: a random UUID. Must be unique per cache instance. */
  readonly instanceId?: string;
}

/** `stats().bus` of a `CompositeCache` with a bus. */
export type BusStats = {
  readonly instanceId: string;
  readonly connected: boolean;
  /** Messages this instance sent. */
  readonly published: number;
  /** Messages from other instances that were applied. */
  readonly received: number;
  /** This instance's own messages, echoed by the transport and ignored. */
  readonly ignoredOwn: number;
  /** Received messages that were not valid invalidation messages (dropped). */
  readonly malformed: number;
  /** Messages that could not be sent. */
  readonly publishFailures: number;
  /** Times the connection dropped (local tiers were cleared each time). */
  readonly disconnects: number;
  /**
   * Milliseconds from the sender's publish to this instance's receipt, for the
   * last message received (wall clocks of both hosts: meaningful only when they
   * are synchronised). Absent before the first message.
   */
  readonly lastPropagationMs?: number;
};

type Counters = { -readonly [K in keyof BusStats]: BusStats[K] };

const DEFAULT_DEGRADED_TTL = 1;

/**
 * The composite's side of an invalidation bus: announces its writes and
 * invalidations, applies those of other instances to its local tiers and
 * leases, and falls back to short lifetimes in local tiers while disconnected.
 */
export class BusLink {
  private readonly transport: InvalidationBus;
  private readonly local: readonly number[];
  private readonly isLocal: readonly boolean[];
  private readonly degradedTtl: number;
  private readonly defaults: readonly number[];
  private readonly closeTransport: boolean;
  private readonly counters: Counters;
  private readonly unsubscribe: () => void;

  constructor(
    options: CompositeBusOptions,
    private readonly runner: TierRunner,
    private readonly leases: LeaseTable,
  ) {
    const settings = validate(options, runner);
    this.transport = settings.transport;
    this.local = settings.local;
    this.isLocal = runner.tiers.map((_, i) => settings.local.includes(i));
    this.degradedTtl = settings.degradedTtl;
    this.closeTransport = settings.closeTransport;
    this.defaults = runner.tiers.map(defaultTtlOf);
    this.counters = {
      instanceId: settings.instanceId, connected: this.transport.connected, published: 0, received: 0,
      ignoredOwn: 0, malformed: 0, publishFailures: 0, disconnects: 0,
    };
    this.unsubscribe = this.transport.subscribe({
      message: (message) => this.receive(message),
      connection: (connected) => this.connectionChanged(connected),
      malformed: (error) => this.malformed(error),
    });
  }

  /**
   * The ttl to write into tier `i`: unchanged, except in a local tier while the
   * bus is down, where it is at most `degradedTtl`.
   */
  ttlFor(i: number, ttl: number | null | undefined): number | null | undefined {
    if (this.counters.connected || !this.isLocal[i]) return ttl;
    return Math.min(ttl ?? this.defaults[i], this.degradedTtl);
  }

  /**
   * Tells the other instances about a write or invalidation (after it reached
   * the tiers). Resolves to the error when it could not be sent (already counted
   * and reported), `undefined` otherwise; never rejects.
   */
  async announce(op: InvalidationOp, target: { keys?: readonly string[]; pattern?: string }): Promise<unknown> {
    if (target.keys?.length === 0) return undefined;
    const message: InvalidationMessage = {
      origin: this.counters.instanceId, op, ...target, sentAt: performance.timeOrigin + performance.now(),
    };
    try {
      await this.transport.publish(message);
      this.counters.published++;
      return undefined;
    } catch (error) {
      this.counters.publishFailures++;
      this.report(error, 'publish', subjectOf(message));
      return error ?? new InvalidationBusError('publish failed');
    }
  }

  stats(): BusStats {
    return { ...this.counters };
  }

  /** Stops listening, and closes the transport when the cache owns it. */
  async close(): Promise<void> {
    this.unsubscribe();
    if (this.closeTransport) await this.transport.close();
  }

  private receive(message: InvalidationMessage): void {
    if (message.origin === this.counters.instanceId) {
      this.counters.ignoredOwn++;
      return;
    }
    this.counters.received++;
    if (message.sentAt !== undefined) {
      this.counters.lastPropagationMs = performance.timeOrigin + performance.now() - message.sentAt;
    }
    // Leases first, synchronously: a fill in flight on this instance must not store after this point.
    const subject = subjectOf(message);
    // Then the local tiers, the last first, revoking again after each (see TierRunner.lastTierFirst).
    if (message.op === 'clear') {
      const revoke = () => this.leases.revokeAll();
      revoke();
      void this.runner.invalidate('evict', subject, (t) => t.clear(), revoke, this.local);
    } else if (message.op === 'deletePattern') {
      const pattern = message.pattern as string;
      const matcher = compileGlob(pattern);
      const revoke = () => this.leases.revokeMatching(matcher);
      revoke();
      void this.runner.invalidate('evict', subject, (t) => t.deletePattern(pattern), revoke, this.local);
    } else {
      const keys = message.keys ?? [];
      const revoke = () => {
        for (const key of keys) this.leases.revoke(key);
      };
      revoke();
      const evict = keys.length === 1 ? (t: CacheBackend) => t.delete(keys[0]) : (t: CacheBackend) => t.deleteMany(keys);
      void this.runner.invalidate<unknown>('evict', subject, evict, revoke, this.local);
    }
  }

  /**
   * Either way messages may have been missed: what the local tiers hold, and
   * every lease taken so far, can no longer be trusted.
   */
  private connectionChanged(connected: boolean): void {
    if (connected === this.counters.connected) return;
    this.counters.connected = connected;
    if (!connected) {
      this.counters.disconnects++;
      this.report(new InvalidationBusError('invalidation bus disconnected; local tiers cleared'), 'disconnect');
    }
    const revoke = () => this.leases.revokeAll();
    revoke();
    void this.runner.invalidate('evict', undefined, (t) => t.clear(), revoke, this.local);
  }

  private malformed(error: MalformedBusMessageError): void {
    this.counters.malformed++;
    this.report(error, 'receive');
  }

  private report(error: unknown, operation: 'publish' | 'receive' | 'disconnect', subject?: string): void {
    this.runner.report(error, { tier: 'bus', type: this.transport.constructor.name, operation, subject });
  }
}

function subjectOf(message: InvalidationMessage): string {
  const target = message.pattern ?? (message.keys === undefined ? '' : message.keys.join(' '));
  return target === '' ? message.op : `${message.op} ${target}`;
}

interface BusSettings {
  transport: InvalidationBus;
  local: number[];
  degradedTtl: number;
  closeTransport: boolean;
  instanceId: string;
}

function validate(options: CompositeBusOptions, runner: TierRunner): BusSettings {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('bus', `must be { transport, localTiers?, degradedTtl?, closeTransport?, instanceId? }; got ${describe(options)}`);
  }
  assertKnownOptions(options, ['transport', 'localTiers', 'degradedTtl', 'closeTransport', 'instanceId'], 'CompositeCache bus');
  const { transport, localTiers, degradedTtl = DEFAULT_DEGRADED_TTL, closeTransport = true, instanceId = randomUUID() } = options;
  const isTransport = ['publish', 'subscribe', 'close'].every(
    (m) => typeof (transport as unknown as Record<string, unknown> | undefined)?.[m] === 'function',
  );
  if (!isTransport) {
    throw new InvalidOptionError('bus.transport', `must be an InvalidationBus (publish, subscribe, close), e.g. a RedisInvalidationBus; got ${describe(transport)}`);
  }
  const tiers = runner.tiers;
  const local = localTiers === undefined ? tiers.flatMap((t, i) => (t instanceof StoreCache ? [i] : [])) : localTiers;
  const valid = Array.isArray(local) && new Set(local).size === local.length &&
    local.every((i) => Number.isInteger(i) && i >= 0 && i < tiers.length);
  if (!valid) {
    throw new InvalidOptionError('bus.localTiers', `must list distinct tier positions (0 to ${tiers.length - 1}); got ${describe(localTiers)}`);
  }
  if (local.length === 0) {
    throw new InvalidOptionError(
      'bus.localTiers',
      'no tier is in-process, so the bus would have nothing to evict; list the in-process tiers explicitly ' +
        '(the defaults recognise only InMemoryCache and LRUCache)',
    );
  }
  if (typeof degradedTtl !== 'number' || !(degradedTtl > 0) || degradedTtl === Infinity) {
    throw new InvalidOptionError('bus.degradedTtl', `must be a positive, finite number of seconds; got ${describe(degradedTtl)}`);
  }
  if (typeof closeTransport !== 'boolean') {
    throw new InvalidOptionError('bus.closeTransport', `must be true or false; got ${describe(closeTransport)}`);
  }
  if (typeof instanceId !== 'string' || instanceId === '') {
    throw new InvalidOptionError('bus.instanceId', `must be a non-empty string; got ${describe(instanceId)}`);
  }
  return { transport, local: [...local], degradedTtl, closeTransport, instanceId };
}
