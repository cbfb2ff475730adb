import { InvalidationBusError } from '../errors';
import {
  BusSubscribers,
  encodeBusMessage,
  type InvalidationBus,
  type InvalidationBusHandlers,
  type InvalidationMessage,
} from './invalidation-bus';

/**
 * An in-process broker for invalidation messages, for tests and for several
 * caches in one process: every {@link MemoryBus} obtained with
 * {@link MemoryBusHub.connect} stands for one instance of a service.
 *
 * Messages travel in their wire form (the JSON of `encodeBusMessage`), as on
 * Redis, and are delivered to every connected member, the sender included,
 * before `publish` resolves (a broker with zero latency), unless the hub is
 * {@link pause}d. Failures are injected per member: {@link MemoryBus.disconnect},
 * {@link MemoryBus.dropIncoming}, {@link MemoryBus.failPublish}.
 *
 * @example
 * ```ts
 * const hub = new MemoryBusHub();
 * const a = new CompositeCache([new LRUCache(), shared], { bus: { transport: hub.connect(), localTiers: [0] } });
 * const b = new CompositeCache([new LRUCache(), shared], { bus: { transport: hub.connect(), localTiers: [0] } });
 * ```
 */
export class MemoryBusHub {
  /** Every wire message published through the hub (or injected), in order. */
  readonly log: string[] = [];
  private readonly members = new Set<MemoryBus>();
  private held: string[] | undefined;

  /** A new member ("instance") connected to this hub. */
  connect(): MemoryBus {
    const member = new MemoryBus(this);
    this.members.add(member);
    return member;
  }

  /** Holds every delivery (publishing still succeeds, as a broker that accepted it) until {@link resume}. */
  pause(): void {
    this.held ??= [];
  }

  /** Delivers the held messages in order and goes back to immediate delivery. */
  resume(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const text of held) this.deliver(text);
  }

  /** Delivers `text` to every member as if some instance had published it (e.g. a malformed message). */
  inject(text: string): void {
    this.log.push(text);
    if (this.held !== undefined) this.held.push(text);
    else this.deliver(text);
  }

  /** @internal used by {@link MemoryBus} */
  leave(member: MemoryBus): void {
    this.members.delete(member);
  }

  private deliver(text: string): void {
    for (const member of [...this.members]) member.receive(text);
  }
}

/** One instance's connection to a {@link MemoryBusHub}. */
export class MemoryBus implements InvalidationBus {
  /** Messages this member published. */
  published = 0;
  /** Messages this member received (delivered to its handlers, malformed ones included). */
  received = 0;
  /** Received messages that were malformed (dropped). */
  malformed = 0;
  /** Messages that reached this member while it was disconnected or dropping: lost for it. */
  lost = 0;
  private isConnected = true;
  private closed = false;
  private dropping = 0;
  private publishError: unknown;
  private readonly subscribers = new BusSubscribers();

  /** @internal obtain one with {@link MemoryBusHub.connect} */
  constructor(private readonly hub: MemoryBusHub) {}

  get connected(): boolean {
    return this.isConnected && !this.closed;
  }

  async publish(message: InvalidationMessage): Promise<void> {
    if (this.closed) throw new InvalidationBusError('MemoryBus: publish after close()');
    if (!this.isConnected) throw new InvalidationBusError('MemoryBus: not connected (disconnect() was called)');
    if (this.publishError !== undefined) throw this.publishError;
    this.published++;
    this.hub.inject(encodeBusMessage(message));
  }

  subscribe(handlers: InvalidationBusHandlers): () => void {
    return this.subscribers.add(handlers);
  }

  /** Simulates a lost connection: messages sent meanwhile are lost for this member; its publishes reject. */
  disconnect(): void {
    if (!this.isConnected) return;
    this.isConnected = false;
    this.subscribers.connection(false);
  }

  /** Ends a {@link disconnect}; what was sent meanwhile stays lost. */
  reconnect(): void {
    if (this.isConnected || this.closed) return;
    this.isConnected = true;
    this.subscribers.connection(true);
  }

  /** Silently loses the next `count` messages addressed to this member while it stays "connected". */
  dropIncoming(count = 1): void {
    this.dropping += count;
  }

  /** Makes `publish` reject with `error` (while connected) until {@link heal}. */
  failPublish(error: unknown = new InvalidationBusError('MemoryBus: injected publish failure')): void {
    this.publishError = error;
  }

  /** Undoes {@link failPublish} and {@link dropIncoming} (not {@link disconnect}: use {@link reconnect}). */
  heal(): void {
    this.publishError = undefined;
    this.dropping = 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscribers.clear();
    this.hub.leave(this);
  }

  /** @internal called by the hub */
  receive(text: string): void {
    if (!this.connected || this.dropping > 0) {
      if (this.dropping > 0 && this.connected) this.dropping--;
      this.lost++;
      return;
    }
    this.received++;
    if (!this.subscribers.deliver(text)) this.malformed++;
  }
}
