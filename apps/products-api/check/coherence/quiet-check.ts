/**
 * Quiet agreement, checked during the steady phase: while no write of a
 * product is in flight, S3's value of it does not change, and once D has
 * passed since the last write of it ended, every read path of every instance
 * must show exactly that value (by id, and in lists: listed with it, or absent
 * exactly when it does not pass the filter). The register model alone cannot
 * see a cache that holds the *loser* of two overlapping writes (either is
 * admissible to it), while S3 holds the winner; this check can, because it
 * compares with what S3 held at the time (`S3Probe`s). Pure.
 *
 * Writes without an answer (timeouts) never end: no quiet interval follows
 * them. Inside a recovery window (Redis down) nothing is judged.
 */
import { describe, short, type Violation } from './check';
import type { GetOperation, ListOperation, Operation, S3Probe, WriteOperation } from './history';
import { succeeded } from './history';

/** Options of {@link checkQuiet}. */
export interface QuietOptions {
  /** D: how long after the last write ended the paths may still catch up (ms). */
  readonly lagMs: number;
  readonly recoveryWindows?: ReadonlyArray<{ readonly from: number; readonly to: number }>;
}

/** An interval without any write of one product in flight; `from` already includes D. */
interface Quiet {
  readonly from: number;
  readonly to: number;
  /** The last write that ended before it, for the evidence. */
  readonly after?: WriteOperation;
}

/** What {@link checkQuiet} found. */
export interface QuietResult {
  readonly violations: Violation[];
  /** Reads (list items) judged: complete inside a quiet interval that had an S3 probe. */
  judged: number;
}

export function checkQuiet(history: readonly Operation[], probes: readonly S3Probe[], options: QuietOptions): QuietResult {
  const quiet = quietIntervals(history, options.lagMs);
  const inWindow = (t0: number, t1: number) => (options.recoveryWindows ?? []).some((w) => t0 < w.to && t1 > w.from);
  /** S3's value of `product` during its quiet interval around [t0, t1], when a probe there saw it. */
  const s3At = (product: string, t0: number, t1: number): { interval: Quiet; probe: S3Probe } | undefined => {
    const interval = quiet.get(product)?.find((q) => q.from <= t0 && t1 <= q.to);
    if (interval === undefined) return undefined;
    // A probe anywhere in the interval (D included: S3 itself needs no catching up) and fully inside it.
    const probe = probes.find((p) => p.product === product && p.value !== undefined && p.inv >= interval.from - options.lagMs && p.complete <= interval.to);
    return probe === undefined ? undefined : { interval, probe };
  };
  const result: QuietResult = { violations: [], judged: 0 };
  const disagree = (op: Operation, product: string, shown: string, s3: { interval: Quiet; probe: S3Probe }) => {
    result.violations.push({
      kind: 'quiet-disagreement',
      summary: `${describe(op)}: ${short(product)} ${shown}, but S3 held ${s3.probe.value} all along (no write of it in flight since ${s3.interval.after ? `${(s3.interval.from - options.lagMs).toFixed(1)} ms` : 'the start'})`,
      op,
      lines: [
        `S3 probe: ${short(product)} = ${s3.probe.value} (inv ${s3.probe.inv.toFixed(1)} done ${s3.probe.complete.toFixed(1)})`,
        ...(s3.interval.after ? [`last write before: ${describe(s3.interval.after)} inv ${s3.interval.after.inv.toFixed(1)} done ${s3.interval.after.complete.toFixed(1)} (${s3.interval.after.status ?? s3.interval.after.error})`] : []),
        ...twinsOf(history, s3.interval.after).map((w) => `overlapping write: ${describe(w)} inv ${w.inv.toFixed(1)} done ${w.complete.toFixed(1)} (${w.status ?? w.error})`),
      ],
    });
  };
  for (const op of history) {
    if (op.kind === 'write' || op.kind === 'count' || !succeeded(op) || inWindow(op.inv, op.complete)) continue;
    if (op.kind === 'get') {
      if (op.path === 'get-missing') continue;
      const s3 = s3At(op.product, op.inv, op.complete);
      if (s3 === undefined) continue;
      result.judged++;
      if ((op as GetOperation).value !== s3.probe.value) disagree(op, op.product, `= ${String(op.value)}`, s3);
      continue;
    }
    checkList(op, [...quiet.keys()], s3At, disagree, result);
  }
  return result;
}

function checkList(
  op: ListOperation,
  /** Every product of the run (each has at least its creating write). */
  everyProduct: readonly string[],
  s3At: (product: string, t0: number, t1: number) => { interval: Quiet; probe: S3Probe } | undefined,
  disagree: (op: Operation, product: string, shown: string, s3: { interval: Quiet; probe: S3Probe }) => void,
  result: QuietResult,
): void {
  const complete = op.totalCount !== undefined && op.totalCount <= op.pageSize && (op.items ?? []).length === op.totalCount;
  const shown = new Map((op.items ?? []).map((i) => [i.product, i.value]));
  const products = new Set([...shown.keys(), ...(complete ? everyProduct : [])]);
  for (const product of products) {
    const s3 = s3At(product, op.inv, op.complete);
    if (s3 === undefined || s3.probe.value === undefined) continue;
    result.judged++;
    const value = shown.get(product);
    const belongs = s3.probe.value > op.threshold;
    if (value === undefined ? belongs : value !== s3.probe.value || !belongs) {
      disagree(op, product, value === undefined ? `absent from stock>${op.threshold}` : `listed in stock>${op.threshold} with ${value}`, s3);
    }
  }
}

/** Per product, the intervals in which no write of it was in flight, each starting D after the last write ended. */
function quietIntervals(history: readonly Operation[], lagMs: number): Map<string, Quiet[]> {
  const byProduct = new Map<string, WriteOperation[]>();
  for (const op of history) {
    if (op.kind !== 'write') continue;
    byProduct.set(op.product, [...(byProduct.get(op.product) ?? []), op]);
  }
  const result = new Map<string, Quiet[]>();
  for (const [product, writes] of byProduct) {
    const sorted = writes.filter((w) => w.status === undefined || w.status < 400 || w.status >= 500).sort((a, b) => a.inv - b.inv);
    const intervals: Quiet[] = [];
    let busyUntil = -Infinity;
    let last: WriteOperation | undefined;
    for (const w of sorted) {
      if (w.inv > busyUntil + lagMs && last !== undefined) intervals.push({ from: busyUntil + lagMs, to: w.inv, after: last });
      const end = w.status === undefined ? Infinity : w.complete;
      if (end >= busyUntil) last = w;
      busyUntil = Math.max(busyUntil, end);
    }
    if (Number.isFinite(busyUntil) && last !== undefined) intervals.push({ from: busyUntil + lagMs, to: Infinity, after: last });
    result.set(product, intervals);
  }
  return result;
}

/** The writes that overlapped `write` (the twin race's other side), for the evidence. */
function twinsOf(history: readonly Operation[], write: WriteOperation | undefined): WriteOperation[] {
  if (write === undefined) return [];
  return history.filter((op): op is WriteOperation => op.kind === 'write' && op !== write && op.product === write.product && op.inv < write.complete && op.complete > write.inv);
}
