/**
 * The model: every product is a register whose values are the (unique) stock
 * values written to it. From the recorded writes it answers, for a read, which
 * values were still admissible.
 *
 * - A write's `ack` is its completion time when it answered 2xx, else `+Infinity`
 *   (it may or may not have taken effect: it supersedes nothing but may be read).
 *   Its `end` is the time its response arrived (any status), else `+Infinity` (a
 *   timeout may still land later). A 4xx write never took effect.
 * - `w2` SUPERSEDES `w1` when both are of one product, `w2` is acknowledged and
 *   `w1.end < w2.inv` (overlapping writes never supersede each other).
 * - A value of `w` read by `R` on instance `I` is STALE when some `w2` superseding
 *   `w` has `w2.ack + lag < R.inv`; `lag` is 0 when `w2` was acknowledged by `I`
 *   (read-your-writes) or there is one instance, else {@link ModelOptions.lagMs};
 *   inside a recovery window it is infinite (cross-instance staleness allowed).
 * - A value whose write was invoked after `R` completed is a FUTURE read.
 */
import type { WriteOperation } from './history';
import { succeeded } from './history';

/** Options of the {@link RegisterModel}. */
export interface ModelOptions {
  /** Cross-instance bound D in ms: how long another instance may still serve a superseded value. */
  readonly lagMs: number;
  /** Number of API instances (with one, the lag is always 0). */
  readonly instances: number;
  /** Intervals (ms) in which reads may see cross-instance staleness of any age (e.g. Redis down). */
  readonly recoveryWindows?: ReadonlyArray<{ readonly from: number; readonly to: number }>;
}

/** A write as the model sees it. */
export interface ModelWrite {
  readonly op: WriteOperation;
  readonly product: string;
  readonly value: number;
  readonly instance: string;
  readonly inv: number;
  /** Completion when acknowledged (2xx), else `+Infinity`. */
  readonly ack: number;
  /** When its response arrived (any status), else `+Infinity`. */
  readonly end: number;
}

/** Who read, when. */
export interface ReadContext {
  readonly instance: string;
  readonly inv: number;
  readonly complete: number;
}

/** The model's verdict on one value read. */
export type ValueVerdict =
  | { readonly kind: 'ok'; readonly write: ModelWrite; readonly crossStaleness?: number }
  | {
      readonly kind: 'stale';
      readonly write: ModelWrite;
      /** The superseding writes acknowledged before the read (earliest ack first). */
      readonly superseding: readonly ModelWrite[];
      /** R.inv minus the earliest superseding ack. */
      readonly staleness: number;
      /** True when every superseding write acknowledged before the read was on another instance. */
      readonly crossInstance: boolean;
    }
  | { readonly kind: 'future'; readonly write: ModelWrite }
  | { readonly kind: 'unknown' }
  /** Superseded only across instances, beyond D, inside a recovery window: reported, allowed. */
  | { readonly kind: 'allowed-in-window'; readonly write: ModelWrite; readonly staleness: number };

/** A model option has an unusable value. */
export class ModelOptionError extends RangeError {
  override readonly name = 'ModelOptionError';
}

/** The register model of a run's writes. */
export class RegisterModel {
  private readonly byProduct = new Map<string, ModelWrite[]>();
  private readonly byValue = new Map<number, ModelWrite>();

  constructor(writes: Iterable<WriteOperation>, readonly options: ModelOptions) {
    if (!(options.lagMs >= 0) || !Number.isFinite(options.lagMs)) throw new ModelOptionError(`lagMs must be a finite number >= 0, got ${options.lagMs}`);
    if (!Number.isInteger(options.instances) || options.instances < 1) throw new ModelOptionError(`instances must be a positive integer, got ${options.instances}`);
    for (const op of writes) {
      if (op.status !== undefined && op.status >= 400 && op.status < 500) continue; // rejected: never took effect
      const write: ModelWrite = {
        op,
        product: op.product,
        value: op.value,
        instance: op.instance,
        inv: op.inv,
        ack: succeeded(op) ? op.complete : Infinity,
        end: op.status === undefined ? Infinity : op.complete,
      };
      let list = this.byProduct.get(op.product);
      if (!list) this.byProduct.set(op.product, (list = []));
      list.push(write);
      this.byValue.set(op.value, write);
    }
    for (const list of this.byProduct.values()) list.sort((a, b) => a.inv - b.inv);
  }

  /** Every product that has at least one write. */
  products(): string[] {
    return [...this.byProduct.keys()];
  }

  /** The writes of `product`, by invocation time. */
  writesOf(product: string): readonly ModelWrite[] {
    return this.byProduct.get(product) ?? [];
  }

  /** The write that produced `value`, if any. */
  writeOf(value: number): ModelWrite | undefined {
    return this.byValue.get(value);
  }

  /** Whether `later` supersedes `earlier` (same product, `later` acknowledged, `earlier` ended before `later` began). */
  supersedes(later: ModelWrite, earlier: ModelWrite): boolean {
    return later.product === earlier.product && later.ack !== Infinity && earlier.end < later.inv;
  }

  /** The lag allowed for a write acknowledged on `writer` to become visible to `read` (0 on the same instance). */
  lagFor(writer: string, read: ReadContext): number {
    return writer === read.instance || this.options.instances === 1 ? 0 : this.options.lagMs;
  }

  /** Whether `t` lies in a recovery window. */
  inRecoveryWindow(t: number): boolean {
    return (this.options.recoveryWindows ?? []).some((w) => t >= w.from && t <= w.to);
  }

  /** Judges reading `value` of `product` by `read`. */
  judge(product: string, value: number, read: ReadContext): ValueVerdict {
    const write = this.byValue.get(value);
    if (!write || write.product !== product) return { kind: 'unknown' };
    if (write.inv > read.complete) return { kind: 'future', write };
    const superseding = this.writesOf(product)
      .filter((w) => this.supersedes(w, write) && w.ack < read.inv)
      .sort((a, b) => a.ack - b.ack);
    if (superseding.length === 0) return { kind: 'ok', write };
    const staleness = read.inv - superseding[0].ack;
    const crossInstance = this.options.instances > 1 && superseding.every((w) => w.instance !== read.instance);
    const stale = superseding.some((w) => w.ack + this.lagFor(w.instance, read) < read.inv);
    if (!stale) return { kind: 'ok', write, crossStaleness: staleness };
    if (crossInstance && this.inRecoveryWindow(read.inv)) return { kind: 'allowed-in-window', write, staleness };
    return { kind: 'stale', write, superseding, staleness, crossInstance };
  }

  /**
   * The values of `product` a read could admissibly return: written before the
   * read completed and not stale at its invocation (lag rule included; inside a
   * recovery window, cross-instance staleness is admissible).
   *
   * A write is stale exactly when it ended before the latest invocation among the
   * acknowledged writes already visible to the read (ack + lag < R.inv), so one
   * pass finds that horizon.
   */
  admissible(product: string, read: ReadContext): ModelWrite[] {
    const writes = this.writesOf(product);
    const window = this.inRecoveryWindow(read.inv);
    let horizon = -Infinity;
    for (const w of writes) {
      if (w.ack === Infinity) continue;
      const lag = window && w.instance !== read.instance ? Infinity : this.lagFor(w.instance, read);
      if (w.ack + lag < read.inv && w.inv > horizon) horizon = w.inv;
    }
    return writes.filter((w) => w.inv <= read.complete && !(w.end < horizon));
  }

  /** The writes of `product` that no acknowledged write supersedes (the admissible final values). */
  maximal(product: string): ModelWrite[] {
    const writes = this.writesOf(product);
    return writes.filter((w) => !writes.some((later) => this.supersedes(later, w)));
  }
}
