import type { Clock } from '../clock';
import type { GlobMatcher } from '../glob';
import { copyInto, ExpiryIndex } from './expiry-index';
import { yieldToEventLoop } from './yield';

const NONE = -1;
const INITIAL_SLOTS = 64;
/** Slots examined between two yields to the event loop by scans (deletePattern, sweep). */
export const SCAN_SLICE = 10_000;

/** Outcome counters of an {@link EntryStore}. */
export interface StoreCounters {
  /** Live entries removed to make room for a new key. */
  evictions: number;
  /** Expired entries removed (on read, by the sweep, or as a preferred eviction victim). */
  expirations: number;
}

/**
 * The storage engine shared by `InMemoryCache` (insertion order) and
 * `LRUCache` (recency order): keys map to slot numbers; values, expiry times
 * and a doubly-linked order list live in parallel arrays indexed by slot, so
 * get, set, delete and evict are O(1) with no allocation once the arrays have
 * grown. The order list runs from `head` (oldest / least recently used) to
 * `tail`; `touch` moves a slot to the tail. Finite expiry times are also kept
 * in an {@link ExpiryIndex}, so expired entries are found without a scan.
 */
export class EntryStore {
  private readonly slots = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private values: unknown[] = [];
  private expires: Float64Array;
  private next: Int32Array;
  private prev: Int32Array;
  private readonly expiry: ExpiryIndex;
  private readonly freeSlots: number[] = [];
  private head = NONE;
  private tail = NONE;
  private used = 0;
  private allocated: number;
  readonly counters: StoreCounters = { evictions: 0, expirations: 0 };

  /**
   * @param capacity the most entries held at once, or `null` for no bound
   * @param touchOnWrite whether overwriting a key makes it the newest (LRU) or keeps its place (FIFO)
   */
  constructor(
    private readonly capacity: number | null,
    private readonly touchOnWrite: boolean,
    private readonly clock: Clock,
  ) {
    this.allocated = capacity === null ? INITIAL_SLOTS : Math.min(capacity, INITIAL_SLOTS);
    this.expires = new Float64Array(this.allocated);
    this.next = new Int32Array(this.allocated);
    this.prev = new Int32Array(this.allocated);
    this.expiry = new ExpiryIndex(this.allocated);
  }

  /** Entries held, including expired ones not yet removed. */
  get size(): number {
    return this.slots.size;
  }

  /** The live value of `key`, or `undefined`. With `touch`, the entry becomes the newest. */
  read(key: string, touch: boolean): unknown {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    const expiresAt = this.expires[slot];
    if (expiresAt !== Infinity && expiresAt <= this.clock.now()) {
      this.expire(slot);
      return undefined;
    }
    if (touch && slot !== this.tail) this.moveToTail(slot);
    return this.values[slot];
  }

  /** The remaining lifetime of `key` in milliseconds (`Infinity` for none), or `undefined` when absent. */
  remainingMs(key: string): number | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    const expiresAt = this.expires[slot];
    if (expiresAt === Infinity) return Infinity;
    const left = expiresAt - this.clock.now();
    return left > 0 ? left : undefined;
  }

  /** Whether `key` holds a live entry; changes neither recency nor counters. */
  has(key: string): boolean {
    return this.remainingMs(key) !== undefined;
  }

  /** Stores `value` for `ttlMs` milliseconds (`Infinity`: no expiry). */
  write(key: string, value: unknown, ttlMs: number): void {
    const now = ttlMs === Infinity ? 0 : this.clock.now();
    const expiresAt = ttlMs === Infinity ? Infinity : now + ttlMs;
    let slot = this.slots.get(key);
    if (slot !== undefined) {
      const previous = this.expires[slot];
      if (previous === Infinity || previous > (now || this.clock.now())) {
        this.values[slot] = value;
        if (previous !== expiresAt) {
          if (previous !== Infinity) this.expiry.unlink(slot, previous);
          this.expires[slot] = expiresAt;
          if (expiresAt !== Infinity) this.expiry.link(slot, expiresAt);
        }
        if (this.touchOnWrite && slot !== this.tail) this.moveToTail(slot);
        return;
      }
      // An expired entry is gone: the key is new again and goes to the end.
      this.expire(slot);
    }
    if (this.capacity !== null && this.slots.size >= this.capacity) this.evictOne(now);
    slot = this.allocate();
    this.keys[slot] = key;
    this.values[slot] = value;
    this.expires[slot] = expiresAt;
    this.slots.set(key, slot);
    this.appendToTail(slot);
    if (expiresAt !== Infinity) this.expiry.link(slot, expiresAt);
  }

  /** Removes `key`; `true` when a live entry was removed. */
  remove(key: string): boolean {
    const slot = this.slots.get(key);
    if (slot === undefined) return false;
    const expiresAt = this.expires[slot];
    const live = expiresAt === Infinity || expiresAt > this.clock.now();
    this.removeSlot(slot);
    return live;
  }

  /**
   * Removes the keys `matcher` accepts, examining at most `SCAN_SLICE`
   * slots between yields to the event loop. Keys written while it runs may or
   * may not be removed. Resolves to the number of live entries removed.
   */
  async removeMatching(matcher: GlobMatcher): Promise<number> {
    if (matcher.kind === 'exact') return this.remove(matcher.literal) ? 1 : 0;
    let removed = 0;
    for (let start = 0; start < this.used; start += SCAN_SLICE) {
      if (start > 0) await yieldToEventLoop();
      const now = this.clock.now();
      const end = Math.min(this.used, start + SCAN_SLICE);
      for (let slot = start; slot < end; slot++) {
        const key = this.keys[slot];
        if (key === undefined || !matcher.test(key)) continue;
        if (this.expires[slot] > now) removed++;
        this.removeSlot(slot);
      }
    }
    return removed;
  }

  /**
   * Removes up to `budget` expired entries, earliest buckets first; with
   * `exact`, also the expired entries of the current second's bucket.
   * Returns how many were removed (less than `budget` means none are left).
   */
  purgeExpired(budget: number, exact: boolean): number {
    const now = this.clock.now();
    let removed = 0;
    while (removed < budget) {
      const slot = this.expiry.firstExpired(now);
      if (slot === NONE) break;
      this.expire(slot);
      removed++;
    }
    if (exact && removed < budget) {
      for (const slot of this.expiry.slotsInCurrentBucket(now)) {
        if (this.expires[slot] <= now) {
          this.expire(slot);
          removed++;
        }
      }
    }
    return removed;
  }

  /** Forgets every entry (counters are kept). */
  clear(): void {
    this.slots.clear();
    this.keys = [];
    this.values = [];
    this.freeSlots.length = 0;
    this.expiry.clear();
    this.head = NONE;
    this.tail = NONE;
    this.used = 0;
  }

  private evictOne(now: number): void {
    const expired = this.expiry.isEmpty ? NONE : this.expiry.firstExpired(now || this.clock.now());
    if (expired !== NONE) {
      this.expire(expired);
    } else {
      this.counters.evictions++;
      this.removeSlot(this.head);
    }
  }

  private expire(slot: number): void {
    this.counters.expirations++;
    this.removeSlot(slot);
  }

  private removeSlot(slot: number): void {
    this.slots.delete(this.keys[slot] as string);
    const expiresAt = this.expires[slot];
    if (expiresAt !== Infinity) this.expiry.unlink(slot, expiresAt);
    this.unlinkOrder(slot);
    this.keys[slot] = undefined;
    this.values[slot] = undefined;
    this.freeSlots.push(slot);
  }

  private allocate(): number {
    if (this.freeSlots.length > 0) return this.freeSlots.pop() as number;
    if (this.used === this.allocated) this.grow();
    return this.used++;
  }

  private grow(): void {
    const target = this.allocated * 2;
    this.allocated = this.capacity === null ? target : Math.min(this.capacity, target);
    this.expires = copyInto(new Float64Array(this.allocated), this.expires);
    this.next = copyInto(new Int32Array(this.allocated), this.next);
    this.prev = copyInto(new Int32Array(this.allocated), this.prev);
    this.expiry.grow(this.allocated);
  }

  private appendToTail(slot: number): void {
    this.prev[slot] = this.tail;
    this.next[slot] = NONE;
    if (this.tail === NONE) this.head = slot;
    else this.next[this.tail] = slot;
    this.tail = slot;
  }

  private unlinkOrder(slot: number): void {
    const before = this.prev[slot];
    const after = this.next[slot];
    if (before === NONE) this.head = after;
    else this.next[before] = after;
    if (after === NONE) this.tail = before;
    else this.prev[after] = before;
  }

  private moveToTail(slot: number): void {
    this.unlinkOrder(slot);
    this.appendToTail(slot);
  }
}
