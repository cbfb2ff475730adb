import { MinHeap } from './min-heap';

const NONE = -1;

/** Width of one expiry bucket in milliseconds. */
export const EXPIRY_BUCKET_MS = 1000;

/**
 * Finds expired entries without scanning the cache: entries with a finite
 * expiry are linked into one bucket per second of expiry time (an intrusive
 * doubly-linked list over slot numbers), and a min-heap orders the buckets.
 * Every entry of a bucket whose end is in the past has expired, so the
 * earliest bucket answers "is anything expired, and which?" in O(1), and a
 * sweep removes expired entries in O(removed + log buckets).
 *
 * Empty buckets stay known (head `NONE`) until the heap reaches them, so that
 * a bucket is in the heap once; they are compacted when they pile up.
 */
export class ExpiryIndex {
  private next: Int32Array;
  private prev: Int32Array;
  /** bucket number -> first slot, or NONE for an empty bucket still in the heap. */
  private readonly heads = new Map<number, number>();
  private readonly order = new MinHeap();
  private emptyBuckets = 0;

  constructor(capacity: number) {
    this.next = new Int32Array(capacity);
    this.prev = new Int32Array(capacity);
  }

  /** Grows the per-slot arrays to `capacity` slots. */
  grow(capacity: number): void {
    this.next = copyInto(new Int32Array(capacity), this.next);
    this.prev = copyInto(new Int32Array(capacity), this.prev);
  }

  /** Adds `slot`, which expires at `expiresAt` (finite). */
  link(slot: number, expiresAt: number): void {
    const bucket = Math.ceil(expiresAt / EXPIRY_BUCKET_MS);
    const head = this.heads.get(bucket);
    if (head === undefined || head === NONE) {
      if (head === undefined) this.order.push(bucket);
      else this.emptyBuckets--;
      this.heads.set(bucket, slot);
      this.prev[slot] = NONE;
      this.next[slot] = NONE;
      return;
    }
    // Insert after the head: the bucket's entry in `heads` stays as it is.
    const after = this.next[head];
    this.prev[slot] = head;
    this.next[slot] = after;
    if (after !== NONE) this.prev[after] = slot;
    this.next[head] = slot;
  }

  /** Removes `slot`, linked earlier with the same `expiresAt`. */
  unlink(slot: number, expiresAt: number): void {
    const before = this.prev[slot];
    const after = this.next[slot];
    if (after !== NONE) this.prev[after] = before;
    if (before !== NONE) {
      this.next[before] = after;
      return;
    }
    const bucket = Math.ceil(expiresAt / EXPIRY_BUCKET_MS);
    this.heads.set(bucket, after);
    if (after === NONE && ++this.emptyBuckets > 1024 && this.emptyBuckets * 2 > this.heads.size) {
      this.compact();
    }
  }

  /**
   * A slot whose whole bucket has expired at `now`, or `NONE`. Such a slot is
   * certainly expired; an expired slot in the bucket of `now` itself is found
   * by {@link expiredInCurrentBucket}.
   */
  firstExpired(now: number): number {
    for (;;) {
      const bucket = this.order.peek();
      if (bucket === undefined || bucket * EXPIRY_BUCKET_MS > now) return NONE;
      const head = this.heads.get(bucket) as number;
      if (head !== NONE) return head;
      this.order.pop();
      this.heads.delete(bucket);
      this.emptyBuckets--;
    }
  }

  /** Whether no entry with a finite expiry is indexed (a cheap pre-check before reading the clock). */
  get isEmpty(): boolean {
    return this.order.size === 0;
  }

  /**
   * The slots of the bucket that contains `now` (entries in it expire within
   * the current second; some may have expired already). Callers check each.
   */
  slotsInCurrentBucket(now: number): number[] {
    const slots: number[] = [];
    let slot = this.heads.get(Math.ceil(now / EXPIRY_BUCKET_MS));
    while (slot !== undefined && slot !== NONE) {
      slots.push(slot);
      slot = this.next[slot];
    }
    return slots;
  }

  /** Forgets every slot. */
  clear(): void {
    this.heads.clear();
    this.order.reset();
    this.emptyBuckets = 0;
  }

  private compact(): void {
    const live: number[] = [];
    for (const [bucket, head] of this.heads) {
      if (head === NONE) this.heads.delete(bucket);
      else live.push(bucket);
    }
    this.order.reset(live);
    this.emptyBuckets = 0;
  }
}

/** Copies `source` into the start of `target` and returns `target`. */
export function copyInto<T extends Int32Array | Float64Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
